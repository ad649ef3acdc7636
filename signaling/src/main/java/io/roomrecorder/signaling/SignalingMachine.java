package io.roomrecorder.signaling;

/**
 * A sans-IO signaling endpoint as a websocket driver sees it: connection events, text and time go
 * in; {@link Output}s come out. Implemented by {@link SignalingSession} (the recorder/viewer) and
 * {@link PublisherSession} (a publisher, for the test peer and the demo). Implementations are not
 * thread-safe: one thread calls every method.
 */
public interface SignalingMachine {

  /** Connection state. */
  public enum State {
    /** Made, {@link SignalingMachine#start} not yet called. */
    IDLE,
    /** A websocket is being opened ({@link Output.Connect} was emitted). */
    CONNECTING,
    /** The websocket is open; join/play were sent. */
    OPEN,
    /** Waiting to reconnect. */
    BACKOFF,
    /** {@link SignalingMachine#close} was called; terminal. */
    CLOSED
  }

  /** What the driver must do. */
  public sealed interface Output {
    /** Open a websocket to the configured server. */
    record Connect() implements Output {}

    /** Send this text frame on the open websocket. */
    record Transmit(String text) implements Output {}

    /** Close the websocket (the session is closing). */
    record Disconnect(String reason) implements Output {}

    /** Deliver this event to the user. */
    record Emit(SignalingEvent event) implements Output {}
  }

  /** Starts: asks the driver to connect. */
  void start(long now);

  /** The websocket opened. */
  void handleOpen(long now);

  /** One text message from the websocket; bad input is dropped and counted, never thrown. */
  void handleText(String text, long now);

  /** The websocket closed or could not be opened. */
  void handleClosed(String reason, long now);

  /** Timers are due (see {@link #pollTimeout()}). */
  void handleTimeout(long now);

  /** Closes for good; idempotent. */
  void close(long now);

  /** Next output, or null. */
  Output pollOutput();

  /** When {@link #handleTimeout} should run next (absolute ms), or {@link Long#MAX_VALUE}. */
  long pollTimeout();

  State state();

  /** Counters so far. */
  SignalingStats stats();
}
