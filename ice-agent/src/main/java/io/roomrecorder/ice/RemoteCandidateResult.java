package io.roomrecorder.ice;

/**
 * Outcome of {@link IceAgent#addRemoteCandidate(String)}.
 *
 * @param accepted true if the candidate was kept (applied now or queued until the remote
 *     credentials and the local component exist)
 * @param reason why it was dropped; {@code null} when accepted
 * @param detail human-readable detail for logs (never contains the whole hostile input)
 */
public record RemoteCandidateResult(boolean accepted, CandidateDropReason reason, String detail) {

  static RemoteCandidateResult accepted(String detail) {
    return new RemoteCandidateResult(true, null, detail);
  }

  static RemoteCandidateResult dropped(CandidateDropReason reason, String detail) {
    return new RemoteCandidateResult(false, reason, detail);
  }
}
