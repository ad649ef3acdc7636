package io.roomrecorder.ice;

import java.util.Map;

/**
 * A snapshot of an agent's counters. Immutable.
 *
 * @param state connection state when taken
 * @param gatheringState gathering state when taken
 * @param localCandidates local candidates signaled, by type
 * @param remoteCandidatesAccepted remote candidates accepted (applied or queued)
 * @param remoteCandidatesQueued remote candidates currently waiting for credentials/component
 * @param remoteCandidatesDropped dropped remote candidates, by reason
 * @param datagramsSent application datagrams sent
 * @param datagramsReceived application datagrams delivered to the handler
 * @param datagramsDroppedNoHandler datagrams received while no handler was set
 * @param datagramsDroppedQueueFull datagrams meant for ice4j (STUN, or data from an address that is
 *     not a validated remote) dropped because ice4j had not taken the previous 256 yet: a flood
 * @param turnErrors TURN allocations that failed, by server URL, with the error
 * @param failure after {@link IceState#FAILED}: the failure report that was logged (states,
 *     candidate types on each side, hint); otherwise {@code null}
 */
public record IceStats(
    IceState state,
    GatheringState gatheringState,
    Map<CandidateType, Integer> localCandidates,
    long remoteCandidatesAccepted,
    int remoteCandidatesQueued,
    Map<CandidateDropReason, Long> remoteCandidatesDropped,
    long datagramsSent,
    long datagramsReceived,
    long datagramsDroppedNoHandler,
    long datagramsDroppedQueueFull,
    Map<String, String> turnErrors,
    String failure) {

  public IceStats {
    localCandidates = Map.copyOf(localCandidates);
    remoteCandidatesDropped = Map.copyOf(remoteCandidatesDropped);
    turnErrors = Map.copyOf(turnErrors);
  }

  /** Dropped remote candidates for one reason. */
  public long dropped(CandidateDropReason reason) {
    return remoteCandidatesDropped.getOrDefault(reason, 0L);
  }
}
