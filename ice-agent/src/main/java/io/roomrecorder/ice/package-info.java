/**
 * ICE (RFC 8445) for one bundled, rtcp-muxed transport: configuration, candidate lines (RFC 8839),
 * the explicit state machine and the selected-pair datagram port. ice4j stays inside this module;
 * no ice4j type appears in its public API.
 */
package io.roomrecorder.ice;
