package io.roomrecorder.ice;

/**
 * Events of one {@link IceAgent}. All methods run on the {@code Executor} given to {@link
 * IceAgent#create}, one at a time and in order for a given agent (the agent serializes them even on
 * a multi-threaded executor), never on an ice4j or socket thread and, given an executor that runs
 * tasks on its own threads, never while the agent holds a lock, so a listener may call back into
 * the agent. State changes arrive in the order they happened; local candidates before {@link
 * #onGatheringComplete()}.
 */
public interface IceListener {

  /** The connection state changed; {@code reason} says why, for logs. */
  default void onStateChanged(IceState oldState, IceState newState, String reason) {}

  /**
   * A local candidate to signal to the peer (trickle, RFC 8838). With {@link TransportPolicy#RELAY}
   * only relayed candidates are reported.
   */
  default void onLocalCandidate(IceCandidate candidate) {}

  /** Gathering finished (RFC 8838 end-of-candidates); no more {@link #onLocalCandidate} calls. */
  default void onGatheringComplete() {}
}
