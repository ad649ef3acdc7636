/**
 * DTLS 1.2 (RFC 6347) for DTLS-SRTP (RFC 5763, RFC 5764) and the data channel (RFC 8261), on Bouncy
 * Castle's blocking DTLS engine. The handshake runs on an injected bounded pool; datagrams reach it
 * through a bounded queue fed by the RFC 7983 demux. The peer certificate is checked against the
 * SDP fingerprint (RFC 8122 §5) and SRTP keys are exported (RFC 5764 §4.2).
 */
package io.roomrecorder.core.dtls;
