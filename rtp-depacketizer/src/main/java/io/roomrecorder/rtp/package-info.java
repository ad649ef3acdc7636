/**
 * RTP and RTCP packet views (RFC 3550, RFC 4585, RFC 5104), sequence/timestamp widening, the
 * reorder buffer and codec depacketizers. JDK only; nothing here performs I/O or reads a clock.
 */
package io.roomrecorder.rtp;
