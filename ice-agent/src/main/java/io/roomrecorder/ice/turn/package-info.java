/**
 * A TURN client (RFC 8656) over UDP, TCP (RFC 8656 §3.1, with RFC 6062-style stream framing of STUN
 * and ChannelData) and TLS (JDK {@code SSLSocket}, certificate and host name checked), with the
 * STUN message codec (RFC 8489) it needs. Plain Java: no ice4j type here; {@code
 * io.roomrecorder.ice} plugs the relayed address into ice4j as a local candidate.
 */
package io.roomrecorder.ice.turn;
