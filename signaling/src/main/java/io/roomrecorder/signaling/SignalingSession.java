package io.roomrecorder.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VDO.Ninja viewer/recorder side of the websocket protocol as a sans-IO state machine
 * (vdo-ninja.md §1): websocket events, text messages and the time go in; text messages to send,
 * connection requests and {@link SignalingEvent}s come out of {@link #pollOutput()}, and {@link
 * #pollTimeout()} says when to call {@link #handleTimeout} next. It owns no socket, thread or
 * clock.
 *
 * <p>What it does: joins the room with the hashed room ID and no stream ID (§7.6) or plays the one
 * stream; sends a {@code play} per announced room stream with the salted ID exactly as listed
 * (§7.7), filtering on de-salted IDs; routes by {@code UUID} (target when sending, sender when
 * receiving) or, in custom-server mode, by {@code from}; echoes the publisher's {@code session} and
 * never sends {@code "session":null}; sends one candidate per message with {@code "type":"remote"}
 * and {@code sdpMLineIndex}; decrypts {@code vector} payloads and encrypts its answer when the
 * offer was encrypted; holds candidates that arrive before their offer; reconnects with exponential
 * backoff and then joins and plays again.
 *
 * <p>Not thread-safe: one thread (the driver's) calls every method. Times are milliseconds on any
 * monotonic clock.
 */
public final class SignalingSession implements SignalingMachine {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingSession.class);

  /** Re-play delays after a stream ended or a single stream never offered (publish.py --view). */
  static final long[] REPLAY_DELAYS_MS = {15_000, 45_000, 180_000};

  static final int MAX_HELD_CANDIDATE_MESSAGES = 256;
  static final int MAX_PEERS = 4096;

  private final SignalingConfig config;
  private final Password password;
  private final RandomGenerator random;
  private final boolean custom;
  private final String ownId;
  private final String roomId;
  private final DropCounter drops = new DropCounter(LOG, "signaling message");
  private final WebSocketLink link;
  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  private long epoch;
  private long received;
  // single-stream mode: when to play again if no offer came
  private long singleReplayAt = Long.MAX_VALUE;
  private int singleReplayAttempt;
  private boolean singleOffered;

  /** Per-publisher bookkeeping, keyed by the publisher's UUID (or {@code from} id). */
  private static final class Peer {
    final String uuid;
    String saltedStreamId;
    String streamId;
    long playedEpoch = -1;
    boolean offered;
    final Set<String> offeredSessions = new HashSet<>();
    Boolean encrypts;
    long replayAt = Long.MAX_VALUE;
    int replayAttempt;

    Peer(String uuid) {
      this.uuid = uuid;
    }
  }

  /** Candidates held until their offer (§7.4). */
  private record Held(
      String uuid, String session, List<RemoteCandidate> candidates, long expiresAt) {}

  /**
   * @param random source of AES IVs, jitter and the custom-server id; a {@link
   *     java.security.SecureRandom} outside tests
   */
  public SignalingSession(SignalingConfig config, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.password = config.password();
    this.random = Objects.requireNonNull(random);
    this.custom = config.customServerMode();
    this.ownId =
        config.customId() != null
            ? config.customId()
            : String.valueOf(100_000_000L + (random.nextLong() & Long.MAX_VALUE) % 900_000_000L);
    this.roomId = config.room() == null ? null : password.roomId(config.room());
    this.link = new WebSocketLink(LOG, "signaling", new Backoff(config, random), drops);
  }

  public State state() {
    return link.state();
  }

  /** Our id in custom-server mode (sent as {@code from}); unused in routed mode. */
  public String ownId() {
    return ownId;
  }

  /** Whether this session uses custom-server ({@code from}) addressing. */
  public boolean customServerMode() {
    return custom;
  }

  /** Counters so far. */
  public SignalingStats stats() {
    return new SignalingStats(received, link.sent(), link.connects(), drops.snapshot());
  }

  /** Next output, or null. */
  public Output pollOutput() {
    return link.poll();
  }

  /** When {@link #handleTimeout} should run next (absolute ms), or {@link Long#MAX_VALUE}. */
  public long pollTimeout() {
    if (link.state() == State.CLOSED) {
      return Long.MAX_VALUE;
    }
    long t = link.reconnectAt();
    if (link.state() == State.OPEN) {
      t = Math.min(t, singleReplayAt);
      for (Peer p : peers.values()) {
        t = Math.min(t, p.replayAt);
      }
    }
    Held first = held.peek();
    if (first != null) {
      t = Math.min(t, first.expiresAt);
    }
    return t;
  }

  // ------------------------------------------------------------------ driver inputs

  /** Starts: asks the driver to connect. */
  public void start(long now) {
    link.start();
  }

  /** The websocket opened: join the room or play the stream, flush what waited. */
  public void handleOpen(long now) {
    if (!link.open(now)) {
      return;
    }
    epoch++;
    if (roomId != null) {
      ObjectNode join = WireCodec.object();
      join.put("request", "joinroom");
      join.put("roomid", roomId);
      send(join); // §7.6: no streamID when only recording
    } else {
      playSingle(now);
    }
    link.flushPending();
  }

  /** The websocket closed or could not be opened. */
  public void handleClosed(String reason, long now) {
    if (link.closed(reason, now)) {
      singleReplayAt = Long.MAX_VALUE; // playSingle re-arms it after the reconnect
    }
  }

  /** Timers: reconnect, re-play, expiry of held candidates. */
  public void handleTimeout(long now) {
    if (link.state() == State.CLOSED) {
      return;
    }
    expireHeld(now);
    link.timeout(now);
    if (link.state() != State.OPEN) {
      return;
    }
    if (now >= singleReplayAt) {
      LOG.info("no offer for stream {} yet; playing it again", config.streamId());
      playSingle(now);
    }
    for (Peer p : peers.values()) {
      if (now >= p.replayAt && p.saltedStreamId != null) {
        LOG.info(
            "playing stream {} of {} again (attempt {})", p.streamId, p.uuid, p.replayAttempt + 1);
        p.replayAt =
            now + REPLAY_DELAYS_MS[Math.min(++p.replayAttempt, REPLAY_DELAYS_MS.length - 1)];
        sendPlay(p);
      }
    }
  }

  /** Closes for good; idempotent. */
  public void close(long now) {
    if (link.close()) {
      held.clear();
    }
  }

  // ------------------------------------------------------------------ user commands

  /**
   * Sends our answer to a publisher: {@code {"UUID":…,"description":…,"session":…}}, encrypted when
   * a password is set and the publisher's offer was encrypted (§1.4). Queued while disconnected.
   *
   * @param session the publisher's session from the offer; null leaves the key out
   */
  public void sendAnswer(String uuid, String session, String sdp, long now) {
    Objects.requireNonNull(sdp, "sdp");
    ObjectNode m = addressed(uuid);
    WireCodec.putPayload(
        m, "description", WireCodec.description("answer", sdp), password, encryptFor(uuid), random);
    if (session != null) {
      m.put("session", session);
    }
    send(m);
  }

  /**
   * Sends one local candidate: {@code {"UUID":…,"candidates":[{candidate,sdpMLineIndex}],
   * "session":…,"type":"remote"}} (§1.4, §1.7).
   */
  public void sendCandidate(
      String uuid, String session, String candidateLine, int sdpMLineIndex, long now) {
    Objects.requireNonNull(candidateLine, "candidateLine");
    ObjectNode m = addressed(uuid);
    WireCodec.putPayload(
        m,
        "candidates",
        WireCodec.oneCandidate(candidateLine, sdpMLineIndex),
        password,
        encryptFor(uuid),
        random);
    if (session != null) {
      m.put("session", session);
    }
    m.put("type", "remote");
    send(m);
  }

  /**
   * The peer connection of this publisher ended (failed, closed, data-channel bye): its stream is
   * played again after 15 s, 45 s, then every 180 s while the publisher is still announced.
   */
  public void streamEnded(String uuid, long now) {
    Peer p = peers.get(uuid);
    if (p == null) {
      if (roomId == null) {
        singleOffered = false;
        singleReplayAttempt = 0;
        singleReplayAt = now + REPLAY_DELAYS_MS[0];
      }
      return;
    }
    p.offered = false;
    p.offeredSessions.clear();
    p.replayAttempt = 0;
    if (roomId != null && p.saltedStreamId != null) {
      p.replayAt = now + REPLAY_DELAYS_MS[0];
    }
    if (roomId == null) {
      singleOffered = false;
      singleReplayAttempt = 0;
      singleReplayAt = now + REPLAY_DELAYS_MS[0];
    }
  }

  private boolean encryptFor(String uuid) {
    if (!password.enabled()) {
      return false;
    }
    Peer p = peers.get(uuid);
    // The browser encrypts its reply only if what it answers was encrypted (§1.4); mirror that.
    return p == null || p.encrypts == null || p.encrypts;
  }

  private ObjectNode addressed(String uuid) {
    ObjectNode m = WireCodec.object();
    m.put("UUID", Objects.requireNonNull(uuid, "uuid"));
    return m;
  }

  // ------------------------------------------------------------------ incoming

  /** One text message from the websocket. Never throws on bad input: drops and counts it. */
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
      dispatch(WireCodec.parseObject(text), now);
    } catch (WireException e) {
      drops.drop(e.reason, e.getMessage());
    }
  }

  private void dispatch(ObjectNode msg, long now) throws WireException {
    String sender = WireCodec.sender(msg, custom, ownId);
    String request = WireCodec.optText(msg, "request");
    if (request != null) {
      handleRequest(request, msg, sender, now);
      return;
    }
    if (msg.hasNonNull("description")) {
      handleDescription(msg, requireSender(sender, "description"), now);
    } else if (msg.hasNonNull("candidates") || msg.hasNonNull("candidate")) {
      handleCandidates(msg, requireSender(sender, "candidates"), now);
    } else if (msg.has("bye")) {
      peerLeft(requireSender(sender, "bye"), "bye");
    } else {
      throw new WireException(DropReason.UNKNOWN_REQUEST, "nothing we understand: " + keys(msg));
    }
  }

  private static String requireSender(String sender, String what) throws WireException {
    if (sender == null) {
      throw new WireException(DropReason.WRONG_TYPE, what + " without UUID/from");
    }
    return sender;
  }

  private static String keys(ObjectNode msg) {
    List<String> k = new ArrayList<>();
    msg.fieldNames().forEachRemaining(n -> k.add(DropCounter.excerpt(n)));
    return k.size() > 8 ? k.subList(0, 8) + "…" : k.toString();
  }

  private void handleRequest(String request, ObjectNode msg, String sender, long now)
      throws WireException {
    switch (request) {
      case "listing" -> {
        JsonNode list = msg.get("list");
        if (list == null || !list.isArray()) {
          throw new WireException(DropReason.WRONG_TYPE, "listing without a list array");
        }
        if (roomId == null) {
          throw new WireException(DropReason.UNEXPECTED, "listing but we joined no room");
        }
        int bad = 0;
        for (JsonNode member : list) {
          if (!member.isObject()) {
            bad++;
            continue;
          }
          try {
            String memberId = WireCodec.optId((ObjectNode) member, "UUID");
            String streamId = WireCodec.optId((ObjectNode) member, "streamID");
            if (memberId != null && streamId != null) {
              roomStream(memberId, streamId, now);
            }
          } catch (WireException e) {
            bad++;
          }
        }
        if (bad > 0) {
          drops.drop(DropReason.WRONG_TYPE, bad + " malformed listing entries");
        }
      }
      case "videoaddedtoroom", "someonejoined", "joinroom" -> {
        // joinroom arrives only from custom fan-out servers relaying another client (§1.5).
        String streamId = WireCodec.optId(msg, "streamID");
        if (streamId == null) {
          LOG.debug("{} from {} without a stream", request, sender);
          return;
        }
        if (roomId == null) {
          throw new WireException(DropReason.UNEXPECTED, request + " but we joined no room");
        }
        roomStream(requireSender(sender, request), streamId, now);
      }
      case "cleanup", "bye" -> peerLeft(requireSender(sender, request), request);
      case "offerSDP" ->
          throw new WireException(
              DropReason.UNEXPECTED, "offerSDP: someone wants to view us, but we only record");
      case "alert", "error" -> {
        JsonNode m = msg.get("message");
        LOG.warn(
            "server {}: {}",
            request,
            DropCounter.excerpt(m == null ? WireCodec.write(msg) : m.asText()));
      }
      case "play", "seed", "transferred", "migrate", "roomclaimed", "ping", "pong" ->
          LOG.debug("ignoring request {} from {}", request, sender);
      default ->
          throw new WireException(
              DropReason.UNKNOWN_REQUEST, "request " + DropCounter.excerpt(request));
    }
  }

  /** A room member publishes {@code saltedId}: filter, remember, announce, play (§7.7). */
  private void roomStream(String uuid, String saltedId, long now) {
    String plain = StreamIds.desalt(saltedId, password);
    if (!config.streams().isEmpty() && !config.streams().contains(plain)) {
      drops.drop(
          DropReason.FILTERED,
          "stream "
              + DropCounter.excerpt(plain)
              + " of "
              + DropCounter.excerpt(uuid)
              + " is not in the filter");
      return;
    }
    Peer p = peers.get(uuid);
    boolean changed = p == null || !saltedId.equals(p.saltedStreamId);
    if (p == null) {
      if (peers.size() >= MAX_PEERS) {
        evictOnePeer();
      }
      p = new Peer(uuid);
      peers.put(uuid, p);
    }
    if (!changed && (p.playedEpoch == epoch || p.offered)) {
      return; // already asked on this connection, or a live peer connection carries it (§7.9)
    }
    p.saltedStreamId = saltedId;
    p.streamId = plain;
    // A publisher that came back under a new UUID replaces the old one's re-play timer.
    for (Peer other : peers.values()) {
      if (other != p && saltedId.equals(other.saltedStreamId)) {
        other.replayAt = Long.MAX_VALUE;
      }
    }
    if (changed) {
      emit(new SignalingEvent.StreamAnnounced(uuid, saltedId, plain));
    }
    sendPlay(p);
  }

  private void evictOnePeer() {
    Iterator<Peer> it = peers.values().iterator();
    while (it.hasNext()) {
      Peer old = it.next();
      if (!old.offered) {
        it.remove();
        return;
      }
    }
    it = peers.values().iterator();
    it.next();
    it.remove();
  }

  private void sendPlay(Peer p) {
    ObjectNode play = WireCodec.object();
    play.put("request", "play");
    play.put("streamID", p.saltedStreamId);
    if (custom) {
      play.put("UUID", p.uuid); // fan-out servers deliver to everyone; the target filters (§1.2)
    }
    p.playedEpoch = epoch;
    send(play);
  }

  private void playSingle(long now) {
    ObjectNode play = WireCodec.object();
    play.put("request", "play");
    play.put("streamID", StreamIds.salt(config.streamId(), password));
    send(play);
    if (!singleOffered) {
      singleReplayAt =
          now + REPLAY_DELAYS_MS[Math.min(singleReplayAttempt, REPLAY_DELAYS_MS.length - 1)];
      singleReplayAttempt++;
    }
  }

  private void handleDescription(ObjectNode msg, String sender, long now) throws WireException {
    WireCodec.Description d = WireCodec.readDescription(msg, password);
    if (!d.type().equals("offer")) {
      throw new WireException(
          DropReason.UNEXPECTED,
          "description of type " + DropCounter.excerpt(d.type()) + " (we never offer)");
    }
    String session = WireCodec.optId(msg, "session");
    String salted = WireCodec.optId(msg, "streamID");
    Peer p = peers.get(sender);
    if (salted == null && p != null) {
      salted = p.saltedStreamId;
    }
    String plain = salted == null ? null : StreamIds.desalt(salted, password);
    if (roomId != null
        && plain != null
        && !config.streams().isEmpty()
        && !config.streams().contains(plain)) {
      throw new WireException(
          DropReason.FILTERED,
          "offer for stream " + DropCounter.excerpt(plain) + " not in the filter");
    }
    if (roomId == null && plain != null && !plain.equals(config.streamId())) {
      throw new WireException(
          DropReason.FILTERED,
          "offer for stream " + DropCounter.excerpt(plain) + ", we play " + config.streamId());
    }
    if (roomId == null && plain == null) {
      plain = config.streamId();
      salted = StreamIds.salt(plain, password);
    }
    if (p == null) {
      if (peers.size() >= MAX_PEERS) {
        evictOnePeer();
      }
      p = new Peer(sender);
      peers.put(sender, p);
      p.saltedStreamId = salted;
      p.streamId = plain;
    }
    p.offered = true;
    p.offeredSessions.add(sessionKey(session));
    p.encrypts = d.encrypted();
    p.replayAt = Long.MAX_VALUE;
    p.replayAttempt = 0;
    if (roomId == null) {
      singleOffered = true;
      singleReplayAt = Long.MAX_VALUE;
      singleReplayAttempt = 0;
    }
    emit(new SignalingEvent.OfferReceived(sender, session, salted, plain, d.sdp(), d.encrypted()));
    releaseHeld(sender, session);
  }

  private void handleCandidates(ObjectNode msg, String sender, long now) throws WireException {
    WireCodec.Candidates c = WireCodec.readCandidates(msg, password);
    if (c.invalid() > 0) {
      drops.drop(
          DropReason.WRONG_TYPE,
          c.invalid() + " malformed candidate entries from " + DropCounter.excerpt(sender));
    }
    if (c.list().isEmpty()) {
      return;
    }
    String session = WireCodec.optId(msg, "session");
    Peer p = peers.get(sender);
    boolean offered =
        p != null
            && p.offered
            && (session == null || p.offeredSessions.contains(sessionKey(session)));
    if (offered) {
      emit(new SignalingEvent.CandidatesReceived(sender, session, c.list()));
      return;
    }
    if (held.size() >= MAX_HELD_CANDIDATE_MESSAGES) {
      Held gone = held.poll();
      drops.drop(
          DropReason.EXPIRED,
          "held candidates of " + DropCounter.excerpt(gone.uuid) + " pushed out");
    }
    held.add(new Held(sender, session, c.list(), now + config.candidateHoldTime().toMillis()));
    LOG.debug("holding {} candidates of {} until its offer", c.list().size(), sender);
  }

  private static String sessionKey(String session) {
    return session == null ? "" : session;
  }

  private void releaseHeld(String uuid, String session) {
    Iterator<Held> it = held.iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if (h.uuid.equals(uuid)
          && (h.session == null || sessionKey(h.session).equals(sessionKey(session)))) {
        it.remove();
        emit(new SignalingEvent.CandidatesReceived(uuid, session, h.candidates));
      }
    }
  }

  private void expireHeld(long now) {
    while (!held.isEmpty() && held.peek().expiresAt <= now) {
      Held h = held.poll();
      drops.drop(
          DropReason.EXPIRED,
          h.candidates.size()
              + " candidates of "
              + DropCounter.excerpt(h.uuid)
              + " never got an offer");
    }
  }

  private void peerLeft(String uuid, String reason) {
    Peer p = peers.remove(uuid);
    held.removeIf(h -> h.uuid.equals(uuid));
    LOG.info("peer {} left ({}){}", uuid, reason, p == null ? "" : ", stream " + p.streamId);
    emit(new SignalingEvent.PeerLeft(uuid, reason));
  }

  // ------------------------------------------------------------------ output helpers

  private void send(ObjectNode msg) {
    if (custom) {
      msg.put("from", ownId);
      if (roomId != null && !msg.has("roomid")) {
        msg.put("roomid", roomId); // the browser's customWSS adds it to every message (§1.2)
      }
    }
    link.send(WireCodec.write(msg));
  }

  private void emit(SignalingEvent event) {
    link.emit(event);
  }
}
