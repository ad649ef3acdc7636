/**
 * VP8 over RTP (RFC 7741): the payload descriptor view, and the depacketizer that assembles frames
 * from partitions and reads key frame headers (RFC 6386 §9.1) for the picture size. JDK only, no
 * I/O.
 */
package io.roomrecorder.rtp.vp8;
