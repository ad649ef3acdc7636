/** Tests of the WebM reader: muxer round trips, crash cuts, hostile input, each problem. */
package io.roomrecorder.webm.reader;
