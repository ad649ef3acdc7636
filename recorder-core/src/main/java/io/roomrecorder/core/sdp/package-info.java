/**
 * SDP (RFC 8866) for a receive-only WebRTC peer: a bounded parser for offers ({@link
 * io.roomrecorder.core.sdp.SdpParser}) and a negotiator that builds recv-only answers ({@link
 * io.roomrecorder.core.sdp.SdpNegotiator}) following JSEP (RFC 8829), BUNDLE (RFC 8843), rtcp-mux
 * (RFC 5761, RFC 8858), DTLS setup (RFC 8842) and the data-channel m-line (RFC 8841).
 *
 * <p>Everything here is sans-IO and allocation is bounded by {@link
 * io.roomrecorder.core.sdp.SdpLimits}. Hostile input ends in a {@link
 * io.roomrecorder.core.sdp.SdpParseException}, never in an unchecked exception.
 */
package io.roomrecorder.core.sdp;
