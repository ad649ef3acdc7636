/**
 * The datagram port under a peer session ({@link io.roomrecorder.core.transport.DatagramPort};
 * ICE's selected pair is adapted to it), the RFC 7983 demultiplexer that splits what arrives on it
 * into DTLS, RTP and RTCP by the first byte, and {@link
 * io.roomrecorder.core.transport.DtlsSrtpTransport}, the glue that owns a port and runs DTLS, SRTP
 * and the data channel's DTLS records over it.
 */
package io.roomrecorder.core.transport;
