/**
 * ICE (RFC 8445) for one bundled, rtcp-muxed transport, on ice4j: {@link
 * io.roomrecorder.ice.IceConfig} (STUN/TURN servers, relay-only policy, local addresses, ports,
 * single UDP port, timeouts, allowed remote networks), {@link io.roomrecorder.ice.IceAgent} (both
 * roles, trickle, the explicit {@link io.roomrecorder.ice.IceState} machine), candidate lines (RFC
 * 8839, {@link io.roomrecorder.ice.IceCandidate}) and the selected pair as an {@link
 * io.roomrecorder.ice.IceDatagramPort}. ice4j stays inside this package: no ice4j type appears in a
 * public signature. The package-private classes adapt ice4j (host harvesting with loopback, relayed
 * candidates backed by {@code io.roomrecorder.ice.turn}, the shared single-port socket).
 */
package io.roomrecorder.ice;
