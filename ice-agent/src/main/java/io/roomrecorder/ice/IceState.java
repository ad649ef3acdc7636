package io.roomrecorder.ice;

/**
 * Connection state of an {@link IceAgent}, close to {@code RTCIceConnectionState}. Changed only by
 * the agent's single transition method, which logs {@code old -> new (reason)}.
 *
 * <pre>
 * NEW -> GATHERING -> CHECKING -> CONNECTED -> COMPLETED
 *                        |           |  ^          |
 *                        |           v  |          v
 *                        |       DISCONNECTED <----+
 *                        v           |
 *                      FAILED <------+        any -> CLOSED
 * </pre>
 */
public enum IceState {
  /** Created; nothing gathered. */
  NEW,
  /** Gathering local candidates; checks not started yet. */
  GATHERING,
  /** Connectivity checks running (RFC 8445 §6.1.4), no valid pair yet. */
  CHECKING,
  /** A valid pair exists and data can flow; nomination may still be pending. */
  CONNECTED,
  /** A pair is nominated (selected) and checks are over (RFC 8445 §8.1.2). */
  COMPLETED,
  /** Consent (RFC 7675) not refreshed for the configured disconnect timeout; may recover. */
  DISCONNECTED,
  /** No connection: all pairs failed, the connect timeout passed, or consent expired. Final. */
  FAILED,
  /** {@link IceAgent#close()} was called; every socket and thread is released. Final. */
  CLOSED;

  /** Whether the agent has a selected pair it can send on in this state. */
  public boolean isConnected() {
    return this == CONNECTED || this == COMPLETED;
  }

  /** Whether no later transition is possible except to {@link #CLOSED}. */
  public boolean isFinal() {
    return this == FAILED || this == CLOSED;
  }
}
