package io.roomrecorder.datachannel;

/** Why an association ended (see {@link DataChannelEvent.AssociationClosed}). */
public enum CloseReason {
  /** The graceful SHUTDOWN sequence completed (RFC 9260 §9.2). */
  SHUTDOWN_COMPLETE,
  /** We sent ABORT because the embedder asked ({@link SctpAssociation#abort}). */
  ABORTED_LOCALLY,
  /** The peer sent ABORT (RFC 9260 §9.1). */
  ABORTED_BY_PEER,
  /** INIT or COOKIE-ECHO went unanswered Max.Init.Retransmits times (RFC 9260 §5.1). */
  INIT_FAILED,
  /** The error counter passed Association.Max.Retrans: the peer is unreachable (§8.1). */
  PEER_UNREACHABLE,
  /** The peer restarted the association (RFC 9260 §5.2.4 action A); not resumed, see Javadoc. */
  PEER_RESTARTED,
  /** The peer broke the protocol badly enough that we sent ABORT (e.g. DATA without user data). */
  PROTOCOL_VIOLATION
}
