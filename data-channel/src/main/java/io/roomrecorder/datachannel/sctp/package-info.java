/**
 * The SCTP protocol engine (RFC 9260) as WebRTC runs it over DTLS (RFC 8261): checksum, packet and
 * chunk codec, state cookie, send and receive queues and the association state machine. No I/O, no
 * clock, no threads: callers pass bytes and a time in milliseconds and poll packets, timer
 * deadlines and deliveries out. Types here are public only so the data-channel layer above can use
 * them; the embedding API is {@link io.roomrecorder.datachannel.SctpAssociation}.
 */
package io.roomrecorder.datachannel.sctp;
