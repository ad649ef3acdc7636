/**
 * Opus over RTP (RFC 7587): one Opus packet per RTP payload, its TOC byte and frame layout checked
 * against RFC 6716 §3.1–3.4, durations at the 48 kHz RTP clock, DTX gaps and losses flagged. JDK
 * only, no I/O.
 */
package io.roomrecorder.rtp.opus;
