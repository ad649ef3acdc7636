package io.roomrecorder.signaling.client;

import io.roomrecorder.signaling.DataChannelCodec;
import io.roomrecorder.signaling.DropReason;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent;
import io.roomrecorder.signaling.SignalingSession;
import io.roomrecorder.signaling.SignalingStats;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The recorder's VDO.Ninja signaling client: a {@link SignalingSession} driven over a Netty
 * websocket, with reconnect and backoff. Default server {@code wss://wss.vdo.ninja:443}; TLS
 * certificates and host names are verified unless {@link SignalingConfig#insecureTls()} is set
 * explicitly; plain {@code ws://} URLs are used as given.
 *
 * <p>Events: {@link SignalingEvent.Connected}, {@link SignalingEvent.Disconnected}, {@link
 * SignalingEvent.StreamAnnounced}, {@link SignalingEvent.OfferReceived}, {@link
 * SignalingEvent.CandidatesReceived}, {@link SignalingEvent.PeerLeft}.
 *
 * <p>Threads: the client owns one Netty I/O thread, which runs all protocol code. Events are handed
 * to the caller's {@link Executor} in the order they happen; use a serial executor to keep that
 * order. Every method is thread-safe and non-blocking except {@link #close()} and {@link #stats()},
 * which wait briefly for the I/O thread.
 */
public final class SignalingClient implements AutoCloseable {

  private final SignalingConfig config;
  private final SignalingSession session;
  private final WebSocketDriver driver;
  private final DataChannelCodec dataChannelCodec;

  private SignalingClient(
      SignalingConfig config, Executor eventExecutor, Consumer<SignalingEvent> listener) {
    SecureRandom random = new SecureRandom();
    this.config = config;
    this.session = new SignalingSession(config, random);
    this.dataChannelCodec = new DataChannelCodec(config.password(), random);
    this.driver = new WebSocketDriver(config, session, eventExecutor, listener);
  }

  /**
   * Creates the client and starts connecting.
   *
   * @param eventExecutor where {@code listener} runs; a serial executor keeps events in order
   * @throws IllegalArgumentException when the TLS settings cannot be loaded
   */
  public static SignalingClient start(
      SignalingConfig config, Executor eventExecutor, Consumer<SignalingEvent> listener) {
    SignalingClient c =
        new SignalingClient(
            Objects.requireNonNull(config),
            Objects.requireNonNull(eventExecutor),
            Objects.requireNonNull(listener));
    c.driver.start();
    return c;
  }

  /** The session's configuration. */
  public SignalingConfig config() {
    return config;
  }

  /**
   * A data-channel codec with this session's password and salt, for the publisher's {@code
   * sendChannel} (vdo-ninja.md §6). Thread-safe.
   */
  public DataChannelCodec dataChannelCodec() {
    return dataChannelCodec;
  }

  /**
   * Sends our SDP answer to the publisher {@code uuid}, echoing its {@code session} (null: the key
   * is omitted). Encrypted when a password is set and the offer was encrypted.
   */
  public void sendAnswer(String uuid, String session, String sdp) {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(sdp, "sdp");
    driver.onLoop(now -> this.session.sendAnswer(uuid, session, sdp, now));
  }

  /**
   * Sends one local ICE candidate ({@code "candidate:…"} line, no {@code a=}) to the publisher,
   * with {@code "type":"remote"}, its {@code session} and the m-line index.
   */
  public void sendCandidate(String uuid, String session, String candidateLine, int sdpMLineIndex) {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(candidateLine, "candidateLine");
    driver.onLoop(
        now -> this.session.sendCandidate(uuid, session, candidateLine, sdpMLineIndex, now));
  }

  /**
   * Tells the session that the peer connection with {@code uuid} ended (failed, closed,
   * data-channel bye), so its stream is played again after 15 s, 45 s, then every 180 s while the
   * publisher is still announced (until a new offer arrives).
   */
  public void streamEnded(String uuid) {
    Objects.requireNonNull(uuid, "uuid");
    driver.onLoop(now -> this.session.streamEnded(uuid, now));
  }

  /** Counters; waits up to 2 s for the I/O thread, else returns the last known ones. */
  public SignalingStats stats() {
    return driver.stats();
  }

  /** Dropped messages of one reason so far. */
  public long dropped(DropReason reason) {
    return stats().dropped(reason);
  }

  /** Closes the websocket and the I/O thread; idempotent. Emits a final {@code Disconnected}. */
  @Override
  public void close() {
    driver.close();
  }
}
