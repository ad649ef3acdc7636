/**
 * WebRTC data channels: SCTP (RFC 9260) carried over DTLS (RFC 8261) and the establishment protocol
 * DCEP (RFC 8832). JDK only, sans-IO: packets and time in, packets, timers and events out.
 */
package io.roomrecorder.datachannel;
