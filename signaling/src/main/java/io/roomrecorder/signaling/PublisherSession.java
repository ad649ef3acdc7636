package io.roomrecorder.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher side of the websocket protocol as a sans-IO state machine, behaving like the
 * browser publisher of vdo-ninja.md §10: joins the room (hashed ID, no stream ID), seeds its salted
 * stream ID after the listing (or at once without a room), reports each {@code offerSDP} as {@link
 * SignalingEvent.ViewerRequested}, sends offers with {@code streamID} and its own {@code session}
 * and candidates with {@code "type":"local"}, encrypted whenever a password is set; reports answers
 * (dropping those whose {@code session} does not match, like the browser's {@code
 * processDescription2}) and the viewer's candidates. Reconnects with backoff and seeds again.
 *
 * <p>For the test peer and the demo; the recorder uses {@link SignalingSession}. Not thread-safe:
 * one thread calls every method.
 */
public final class PublisherSession implements SignalingMachine {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherSession.class);

  private final SignalingConfig config;
  private final Password password;
  private final RandomGenerator random;
  private final boolean custom;
  private final String ownId;
  private final String roomId;
  private final String saltedStreamId;
  private final DropCounter drops = new DropCounter(LOG, "signaling message");
  private final WebSocketLink link;

  /** viewer UUID → the session of our latest offer to it. */
  private final Map<String, String> sessions = new HashMap<>();

  private boolean seeded;
  private long received;

  /**
   * @param config must have a {@link SignalingConfig#streamId()}; a room is optional
   * @param random source of AES IVs, jitter and the custom-server id
   */
  public PublisherSession(SignalingConfig config, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    if (config.streamId() == null) {
      throw new IllegalArgumentException("a publisher needs a stream ID");
    }
    this.password = config.password();
    this.random = Objects.requireNonNull(random);
    this.custom = config.customServerMode();
    this.ownId =
        config.customId() != null
            ? config.customId()
            : String.valueOf(100_000_000L + (random.nextLong() & Long.MAX_VALUE) % 900_000_000L);
    this.roomId = config.room() == null ? null : password.roomId(config.room());
    this.saltedStreamId = StreamIds.salt(config.streamId(), password);
    this.link = new WebSocketLink(LOG, "publisher signaling", new Backoff(config, random), drops);
  }

  /** The stream ID as it goes on the wire (cut to 44 characters, salted). */
  public String saltedStreamId() {
    return saltedStreamId;
  }

  /** Our id in custom-server mode (sent as {@code from}). */
  public String ownId() {
    return ownId;
  }

  @Override
  public State state() {
    return link.state();
  }

  @Override
  public SignalingStats stats() {
    return new SignalingStats(received, link.sent(), link.connects(), drops.snapshot());
  }

  @Override
  public Output pollOutput() {
    return link.poll();
  }

  @Override
  public long pollTimeout() {
    return link.state() == State.CLOSED ? Long.MAX_VALUE : link.reconnectAt();
  }

  @Override
  public void start(long now) {
    link.start();
  }

  @Override
  public void handleOpen(long now) {
    if (!link.open(now)) {
      return;
    }
    seeded = false;
    if (roomId != null) {
      ObjectNode join = WireCodec.object();
      join.put("request", "joinroom");
      join.put("roomid", roomId);
      send(join); // the browser seeds after the listing (§10)
    } else {
      seed();
    }
    link.flushPending();
  }

  private void seed() {
    ObjectNode seed = WireCodec.object();
    seed.put("request", "seed");
    seed.put("streamID", saltedStreamId);
    send(seed);
    seeded = true;
  }

  @Override
  public void handleClosed(String reason, long now) {
    link.closed(reason, now);
  }

  @Override
  public void handleTimeout(long now) {
    link.timeout(now);
  }

  @Override
  public void close(long now) {
    link.close();
  }

  /**
   * Sends an offer to a viewer: {@code {"UUID":…,"streamID":…,"session":…,"description":…}},
   * encrypted when a password is set (the browser's {@code session.offerSDP}).
   *
   * @param session our session for this peer connection (the browser uses ~10 random characters),
   *     or {@code null}: {@code "session": null}, as Raspberry Ninja sends (spec §11); a null
   *     session accepts any session in the viewer's replies
   */
  public void sendOffer(String viewerUuid, String session, String sdp, long now) {
    ObjectNode m = WireCodec.object();
    m.put("UUID", Objects.requireNonNull(viewerUuid, "viewerUuid"));
    m.put("streamID", saltedStreamId);
    putSession(m, session);
    WireCodec.putPayload(
        m, "description", WireCodec.description("offer", sdp), password, true, random);
    sessions.put(viewerUuid, session);
    send(m);
  }

  /**
   * Sends a bundle of our candidates with {@code "type":"local"} (what the browser publisher does).
   */
  public void sendCandidates(
      String viewerUuid, String session, List<RemoteCandidate> candidates, long now) {
    ObjectNode m = WireCodec.object();
    m.put("UUID", Objects.requireNonNull(viewerUuid, "viewerUuid"));
    m.put("type", "local");
    putSession(m, session);
    WireCodec.putPayload(m, "candidates", WireCodec.candidates(candidates), password, true, random);
    send(m);
  }

  private static void putSession(ObjectNode m, String session) {
    if (session == null) {
      m.putNull("session");
    } else {
      m.put("session", session);
    }
  }

  @Override
  public void handleText(String text, long now) {
    received++;
    if (link.state() == State.CLOSED) {
      return;
    }
    if (text == null) {
      drops.drop(DropReason.MALFORMED_JSON, "null text");
      return;
    }
    if (text.length() > config.maxMessageChars()) {
      drops.drop(DropReason.OVERSIZED, text.length() + " chars");
      return;
    }
    try {
      ObjectNode msg = WireCodec.parseObject(text);
      String sender = WireCodec.sender(msg, custom, ownId);
      String request = WireCodec.optText(msg, "request");
      if (request != null) {
        handleRequest(request, msg, sender);
      } else if (msg.hasNonNull("description")) {
        handleDescription(msg, require(sender, "description"));
      } else if (msg.hasNonNull("candidates") || msg.hasNonNull("candidate")) {
        WireCodec.Candidates c = WireCodec.readCandidates(msg, password);
        if (c.invalid() > 0) {
          drops.drop(DropReason.WRONG_TYPE, c.invalid() + " malformed candidate entries");
        }
        String session = WireCodec.optId(msg, "session");
        String from = require(sender, "candidates");
        if (!sessionMatches(from, session)) {
          throw new WireException(
              DropReason.UNEXPECTED,
              "candidates for another session of " + DropCounter.excerpt(from));
        }
        if (!c.list().isEmpty()) {
          emit(new SignalingEvent.CandidatesReceived(from, session, c.list()));
        }
      } else if (msg.has("bye")) {
        peerLeft(require(sender, "bye"), "bye");
      } else {
        throw new WireException(DropReason.UNKNOWN_REQUEST, "nothing we understand");
      }
    } catch (WireException e) {
      drops.drop(e.reason, e.getMessage());
    }
  }

  private static String require(String sender, String what) throws WireException {
    if (sender == null) {
      throw new WireException(DropReason.WRONG_TYPE, what + " without UUID/from");
    }
    return sender;
  }

  private boolean sessionMatches(String uuid, String session) {
    String ours = sessions.get(uuid);
    return session == null || ours == null || ours.equals(session);
  }

  private void handleRequest(String request, ObjectNode msg, String sender) throws WireException {
    switch (request) {
      case "listing" -> {
        if (roomId != null && !seeded) {
          seed();
        }
      }
      case "offerSDP" -> emit(new SignalingEvent.ViewerRequested(require(sender, "offerSDP")));
      case "cleanup", "bye" -> peerLeft(require(sender, request), request);
      case "alert", "error" ->
          LOG.warn("server {}: {}", request, DropCounter.excerpt(WireCodec.write(msg)));
      case "someonejoined",
          "videoaddedtoroom",
          "joinroom",
          "play",
          "seed",
          "transferred",
          "migrate",
          "roomclaimed",
          "ping",
          "pong" ->
          LOG.debug("ignoring request {} from {}", request, sender);
      default ->
          throw new WireException(
              DropReason.UNKNOWN_REQUEST, "request " + DropCounter.excerpt(request));
    }
  }

  private void handleDescription(ObjectNode msg, String sender) throws WireException {
    WireCodec.Description d = WireCodec.readDescription(msg, password);
    if (!d.type().equals("answer")) {
      throw new WireException(
          DropReason.UNEXPECTED,
          "description of type " + DropCounter.excerpt(d.type()) + " (we offer)");
    }
    String session = WireCodec.optId(msg, "session");
    if (!sessionMatches(sender, session)) {
      // processDescription2: "Answer SDP does not have a matching session ID"
      throw new WireException(
          DropReason.UNEXPECTED, "answer for another session of " + DropCounter.excerpt(sender));
    }
    emit(new SignalingEvent.AnswerReceived(sender, session, d.sdp(), d.encrypted()));
  }

  private void peerLeft(String uuid, String reason) {
    sessions.remove(uuid);
    emit(new SignalingEvent.PeerLeft(uuid, reason));
  }

  private void send(ObjectNode msg) {
    if (custom) {
      msg.put("from", ownId);
      if (roomId != null && !msg.has("roomid")) {
        msg.put("roomid", roomId);
      }
    }
    link.send(WireCodec.write(msg));
  }

  private void emit(SignalingEvent event) {
    link.emit(event);
  }
}
