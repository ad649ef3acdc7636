/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) on jitsi-srtp: contexts from DTLS-exported keying material,
 * in-place protect/unprotect with per-status counters, and an early-packet hold for media that
 * arrives before the DTLS handshake has produced keys.
 */
package io.roomrecorder.core.srtp;
