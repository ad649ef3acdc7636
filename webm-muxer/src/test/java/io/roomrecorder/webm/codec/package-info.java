/** Tests of the VP8 and Opus header code. */
package io.roomrecorder.webm.codec;
