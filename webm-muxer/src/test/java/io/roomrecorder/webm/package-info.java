/** Tests of the WebM muxer: layout, bad input, ffmpeg round trips, crash safety. */
package io.roomrecorder.webm;
