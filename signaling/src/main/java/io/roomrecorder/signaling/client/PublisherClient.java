package io.roomrecorder.signaling.client;

import io.roomrecorder.signaling.DataChannelCodec;
import io.roomrecorder.signaling.PublisherSession;
import io.roomrecorder.signaling.RemoteCandidate;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent;
import io.roomrecorder.signaling.SignalingStats;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A publisher's VDO.Ninja signaling client (for the test peer and the demo): a {@link
 * PublisherSession} over a Netty websocket with reconnect and backoff, behaving like the browser
 * publisher. Events: {@link SignalingEvent.Connected}, {@link SignalingEvent.Disconnected}, {@link
 * SignalingEvent.ViewerRequested}, {@link SignalingEvent.AnswerReceived}, {@link
 * SignalingEvent.CandidatesReceived}, {@link SignalingEvent.PeerLeft}.
 *
 * <p>Threads as {@link SignalingClient}: one owned I/O thread; events on the caller's executor;
 * every method thread-safe.
 */
public final class PublisherClient implements AutoCloseable {

  private final PublisherSession session;
  private final WebSocketDriver driver;
  private final DataChannelCodec dataChannelCodec;

  private PublisherClient(
      SignalingConfig config, Executor eventExecutor, Consumer<SignalingEvent> listener) {
    SecureRandom random = new SecureRandom();
    this.session = new PublisherSession(config, random);
    this.dataChannelCodec = new DataChannelCodec(config.password(), random);
    this.driver = new WebSocketDriver(config, session, eventExecutor, listener);
  }

  /**
   * Creates the client and starts connecting.
   *
   * @param config must have a stream ID; a room is optional
   * @throws IllegalArgumentException without a stream ID, or when TLS cannot be set up
   */
  public static PublisherClient start(
      SignalingConfig config, Executor eventExecutor, Consumer<SignalingEvent> listener) {
    PublisherClient c =
        new PublisherClient(
            Objects.requireNonNull(config),
            Objects.requireNonNull(eventExecutor),
            Objects.requireNonNull(listener));
    c.driver.start();
    return c;
  }

  /** The stream ID as seeded (cut to 44 characters and salted). */
  public String saltedStreamId() {
    return session.saltedStreamId();
  }

  /** A data-channel codec with this publisher's password and salt. Thread-safe. */
  public DataChannelCodec dataChannelCodec() {
    return dataChannelCodec;
  }

  /**
   * Sends an offer to the viewer (after {@link SignalingEvent.ViewerRequested}).
   *
   * @param session our session for this connection, or {@code null} to send {@code "session": null}
   *     as Raspberry Ninja does (spec §11)
   */
  public void sendOffer(String viewerUuid, String session, String sdp) {
    Objects.requireNonNull(viewerUuid, "viewerUuid");
    Objects.requireNonNull(sdp, "sdp");
    driver.onLoop(now -> this.session.sendOffer(viewerUuid, session, sdp, now));
  }

  /**
   * Sends a bundle of local candidates ({@code "type":"local"}); {@code session} as in sendOffer.
   */
  public void sendCandidates(String viewerUuid, String session, List<RemoteCandidate> candidates) {
    Objects.requireNonNull(viewerUuid, "viewerUuid");
    List<RemoteCandidate> copy = List.copyOf(candidates);
    driver.onLoop(now -> this.session.sendCandidates(viewerUuid, session, copy, now));
  }

  /** Counters; waits up to 2 s for the I/O thread. */
  public SignalingStats stats() {
    return driver.stats();
  }

  /** Closes the websocket and the I/O thread; idempotent. */
  @Override
  public void close() {
    driver.close();
  }
}
