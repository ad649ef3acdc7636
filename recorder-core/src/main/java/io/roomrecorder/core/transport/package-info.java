/**
 * The datagram port under a peer session and the RFC 7983 demultiplexer that splits what arrives on
 * it into DTLS, RTP and RTCP by the first byte.
 */
package io.roomrecorder.core.transport;
