/**
 * WebRTC data channels: SCTP (RFC 9260) carried over DTLS (RFC 8261) and the establishment protocol
 * DCEP (RFC 8832), JDK only and sans-IO: packets and a time in milliseconds in; packets, the next
 * timer deadline and events out. No sockets, clock, threads or logging framework (state changes go
 * to {@link java.lang.System.Logger} at DEBUG).
 *
 * <p>Entry point: {@link io.roomrecorder.datachannel.SctpAssociation}, configured by {@link
 * io.roomrecorder.datachannel.SctpConfig}, producing {@link
 * io.roomrecorder.datachannel.DataChannelEvent}s and {@link
 * io.roomrecorder.datachannel.DataChannel}s. Inside: {@code Association} is the SCTP engine
 * (handshake, DATA/SACK, timers, congestion control, shutdown, stream reset), {@code ReceiveQueue}
 * the receiving half (TSN tracking, window, reassembly). The wire codec lives in {@link
 * io.roomrecorder.datachannel.sctp}, the DCEP codec in {@link io.roomrecorder.datachannel.dcep}.
 *
 * <p>Threads: nothing here is thread-safe. One thread (the peer session's) owns an association and
 * all of its channels. Buffers: inbound packets are borrowed for the duration of the call; every
 * returned array belongs to the caller.
 */
package io.roomrecorder.datachannel;
