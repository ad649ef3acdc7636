package io.roomrecorder.signaling;

import io.roomrecorder.signaling.SignalingMachine.Output;
import io.roomrecorder.signaling.SignalingMachine.State;
import java.util.ArrayDeque;
import org.slf4j.Logger;

/**
 * The websocket's life that both protocol roles share (recorder {@link SignalingSession}, test
 * publisher {@link PublisherSession}): the connection state machine (IDLE → CONNECTING → OPEN →
 * BACKOFF → CONNECTING … → CLOSED) with reconnect backoff, the output queue the driver polls, and
 * messages held while disconnected (bounded, oldest dropped first) and sent on the next open.
 * Sans-IO; not thread-safe (owned by its session).
 */
final class WebSocketLink {
  static final int MAX_PENDING_TRANSMITS = 512;

  private final Logger log;
  private final String name;
  private final Backoff backoff;
  private final DropCounter drops;
  private final ArrayDeque<Output> outputs = new ArrayDeque<>();
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private State state = State.IDLE;
  private long openedAt;
  private long reconnectAt = Long.MAX_VALUE;
  private long sent;
  private long connects;

  WebSocketLink(Logger log, String name, Backoff backoff, DropCounter drops) {
    this.log = log;
    this.name = name;
    this.backoff = backoff;
    this.drops = drops;
  }

  State state() {
    return state;
  }

  Output poll() {
    return outputs.poll();
  }

  /** When the reconnect is due (absolute ms), or {@link Long#MAX_VALUE}. */
  long reconnectAt() {
    return reconnectAt;
  }

  long sent() {
    return sent;
  }

  long connects() {
    return connects;
  }

  /** IDLE → CONNECTING: asks the driver to connect. */
  void start() {
    if (state == State.IDLE) {
      transition(State.CONNECTING, "start");
      outputs.add(new Output.Connect());
    }
  }

  /**
   * CONNECTING → OPEN, emitting {@code Connected}; the caller then sends its first messages and
   * calls {@link #flushPending()}.
   *
   * @return false when not connecting (the open is ignored)
   */
  boolean open(long now) {
    if (state != State.CONNECTING) {
      log.debug("open in state {} ignored", state);
      return false;
    }
    transition(State.OPEN, "websocket open");
    connects++;
    openedAt = now;
    reconnectAt = Long.MAX_VALUE;
    emit(new SignalingEvent.Connected());
    return true;
  }

  /** Sends what waited while disconnected, after the messages that must come first. */
  void flushPending() {
    while (!pending.isEmpty()) {
      transmit(pending.poll());
    }
  }

  /**
   * The websocket closed or could not open: OPEN or CONNECTING → BACKOFF with the next delay,
   * emitting {@code Disconnected}.
   *
   * @return false when there was no connection (ignored)
   */
  boolean closed(String reason, long now) {
    if (state != State.OPEN && state != State.CONNECTING) {
      return false;
    }
    long delay = backoff.nextDelay(state == State.OPEN ? now - openedAt : -1);
    reconnectAt = now + delay;
    transition(State.BACKOFF, reason + "; reconnect in " + delay + " ms");
    emit(new SignalingEvent.Disconnected(reason, delay));
    return true;
  }

  /** BACKOFF → CONNECTING once the delay is over. */
  void timeout(long now) {
    if (state == State.BACKOFF && now >= reconnectAt) {
      reconnectAt = Long.MAX_VALUE;
      transition(State.CONNECTING, "backoff over");
      outputs.add(new Output.Connect());
    }
  }

  /**
   * Closes for good: CLOSED, a disconnect when a socket may be open, a final {@code Disconnected}.
   *
   * @return false when already closed
   */
  boolean close() {
    if (state == State.CLOSED) {
      return false;
    }
    boolean hadSocket = state == State.OPEN || state == State.CONNECTING;
    transition(State.CLOSED, "closed by user");
    if (hadSocket) {
      outputs.add(new Output.Disconnect("closed by user"));
    }
    emit(new SignalingEvent.Disconnected("closed", -1));
    pending.clear();
    return true;
  }

  /** Sends now when open; holds it while disconnected; drops it after close. */
  void send(String text) {
    if (state == State.OPEN) {
      transmit(text);
    } else if (state != State.CLOSED) {
      if (pending.size() >= MAX_PENDING_TRANSMITS) {
        pending.poll();
        drops.drop(DropReason.EXPIRED, "outgoing message pushed out while disconnected");
      }
      pending.add(text);
    }
  }

  void emit(SignalingEvent event) {
    outputs.add(new Output.Emit(event));
  }

  private void transmit(String text) {
    sent++;
    outputs.add(new Output.Transmit(text));
  }

  /** The one place the state changes; logs {@code old -> new (reason)}. */
  private void transition(State to, String reason) {
    if (state == to) {
      return;
    }
    log.info("{} {} -> {} ({})", name, state, to, reason);
    state = to;
  }
}
