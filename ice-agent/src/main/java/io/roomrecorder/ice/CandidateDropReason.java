package io.roomrecorder.ice;

/** Why a remote candidate line was not used. Each reason has a counter in {@link IceStats}. */
public enum CandidateDropReason {
  /** Not an RFC 8839 §5.1 candidate attribute (syntax, ranges, length). */
  MALFORMED,
  /** A TCP candidate ({@code tcptype active/passive/so}, RFC 6544); only UDP is used. */
  TCP_CANDIDATE,
  /** An mDNS {@code <uuid>.local} host name; the peer will be learned as peer-reflexive. */
  MDNS_HOSTNAME,
  /** A non-literal host name; resolving it would block on DNS, which the agent never does. */
  UNRESOLVED_HOSTNAME,
  /** A component other than 1 (BUNDLE with rtcp-mux uses one component). */
  UNSUPPORTED_COMPONENT,
  /** The address is outside {@link IceConfig#allowedRemoteNetworks()}. */
  OUTSIDE_ALLOWED_NETWORKS,
  /** The candidate's {@code ufrag} extension names another ICE generation than the remote one. */
  UFRAG_MISMATCH,
  /** Unspecified (0.0.0.0/::), multicast or broadcast address, or port 0. */
  UNUSABLE_ADDRESS,
  /** The agent is closed. */
  AGENT_CLOSED
}
