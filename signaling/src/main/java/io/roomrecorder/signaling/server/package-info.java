/**
 * A VDO.Ninja-compatible handshake server ({@link
 * io.roomrecorder.signaling.server.HandshakeServer}) for LAN/offline use, the demo and tests. Netty
 * and Jackson types never leave this package.
 */
package io.roomrecorder.signaling.server;
