/**
 * The little the WebM muxer must know about its codecs: the VP8 frame header (RFC 6386 §9.1) for
 * keyframes and frame size, the Opus TOC byte (RFC 6716 §3.1) for packet durations, and the
 * OpusHead identification header (RFC 7845 §5.1) that becomes the Opus track's CodecPrivate. JDK
 * only.
 */
package io.roomrecorder.webm.codec;
