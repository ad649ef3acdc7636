package io.roomrecorder.signaling;

import java.util.List;

/**
 * What a signaling session tells its user. All strings are as received (UUIDs, sessions, SDP);
 * {@code streamId} fields are de-salted (vdo-ninja.md §7.7) — pass them through {@link
 * StreamIds#fileNameSafe} before using them in a file name.
 */
public sealed interface SignalingEvent {

  /** The websocket is open and the join/play requests have been sent. */
  record Connected() implements SignalingEvent {}

  /**
   * The websocket closed or could not be opened; the session retries after {@code retryInMs}
   * milliseconds (or never, {@code -1}, after {@code close()}). Existing peer connections stay up.
   */
  record Disconnected(String reason, long retryInMs) implements SignalingEvent {}

  /**
   * A room member publishes a stream that passes the filter, and a {@code play} was sent for it.
   *
   * @param uuid the publisher's id
   * @param saltedStreamId the stream ID exactly as the server listed it
   * @param streamId the de-salted ID
   */
  record StreamAnnounced(String uuid, String saltedStreamId, String streamId)
      implements SignalingEvent {
    /** {@link StreamIds#fileNameSafe} of the de-salted ID: use this in file names. */
    public String fileSafeStreamId() {
      return StreamIds.fileNameSafe(streamId);
    }
  }

  /**
   * An SDP offer arrived on the websocket (decrypted if it was encrypted). Answer with {@code
   * sendAnswer(uuid, session, sdp)}. A new {@code session} (or a new {@code uuid}) means a new peer
   * connection; the same pair means renegotiation (§7.5).
   *
   * @param session the publisher's session, or null when it sent none or {@code null}
   * @param saltedStreamId the stream ID as received, or as announced for this UUID; null if unknown
   * @param streamId the de-salted stream ID; null if unknown
   * @param encrypted whether the offer came encrypted (the answer is then encrypted too)
   */
  record OfferReceived(
      String uuid,
      String session,
      String saltedStreamId,
      String streamId,
      String sdp,
      boolean encrypted)
      implements SignalingEvent {
    /** {@link StreamIds#fileNameSafe} of the de-salted ID (never null): use this in file names. */
    public String fileSafeStreamId() {
      return StreamIds.fileNameSafe(streamId);
    }
  }

  /**
   * Remote ICE candidates, from a single {@code candidate}, a batched {@code candidates} array or
   * their encrypted forms. Always delivered after the {@link OfferReceived} of the same {@code
   * (uuid, session)}: earlier ones are held back for up to the configured time (§7.4).
   */
  record CandidatesReceived(String uuid, String session, List<RemoteCandidate> candidates)
      implements SignalingEvent {
    public CandidatesReceived {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * The server or the peer said the peer is gone ({@code cleanup}, {@code bye} request, top-level
   * {@code bye}). The server gives no reliable notice (§10), so peer-connection failure must be
   * watched as well.
   */
  record PeerLeft(String uuid, String reason) implements SignalingEvent {}

  /**
   * Publisher side only ({@link PublisherSession}): the server asks us to make an offer to the
   * viewer {@code uuid} ({@code offerSDP}, after it sent {@code play}).
   */
  record ViewerRequested(String uuid) implements SignalingEvent {}

  /**
   * Publisher side only: a viewer's answer to our offer (decrypted if it was encrypted).
   *
   * @param session the session the viewer echoed, or null
   */
  record AnswerReceived(String uuid, String session, String sdp, boolean encrypted)
      implements SignalingEvent {}
}
