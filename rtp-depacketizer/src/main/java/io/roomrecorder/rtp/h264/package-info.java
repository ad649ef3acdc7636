/**
 * H.264 over RTP (RFC 6184): the depacketizer for single NAL unit, STAP-A and FU-A payloads
 * (packetization modes 0 and 1) producing Annex-B access units, and the SPS reader that gives the
 * picture size (ITU-T H.264 §7.3.2.1.1). JDK only, no I/O.
 */
package io.roomrecorder.rtp.h264;
