package io.roomrecorder.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.roomrecorder.signaling.DropCounter;
import io.roomrecorder.signaling.DropReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake server's protocol (vdo-ninja.md §1, §10, §11.14): server-assigned UUIDs, rooms,
 * {@code joinroom} → {@code listing} + {@code someonejoined}, {@code seed} → {@code
 * videoaddedtoroom}, {@code play} → {@code offerSDP} to the seeder (queued until it seeds; a room's
 * streams only for its members), relay of request-less messages to {@code UUID} with {@code UUID}
 * rewritten to the sender, and {@code {"request":"cleanup","UUID":<id>}} to room members and
 * related peers when a client disconnects.
 *
 * <p>Clients that send {@code from} (Raspberry Ninja against a non-official server, §11.14) get
 * every message as {@code {"from":<sender id>,"UUID":<their own from id>}}.
 *
 * <p>Confined to the server's single I/O thread: no locks. Counters are atomic for {@link
 * HandshakeServer#stats()}.
 */
final class HandshakeProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeProtocol.class);

  /** A repeated play for the same stream within this time is absorbed (one offer is enough). */
  static final long PLAY_DEDUPE_NS = 3_000_000_000L;

  static final int MAX_ID_CHARS = 256;
  static final int MAX_PENDING_PER_STREAM = 256;
  static final int MAX_PENDING_PER_PEER = 64;
  static final int MAX_PENDING_STREAMS = 10_000;

  private final HandshakeServer.Options options;
  final DropCounter drops = new DropCounter(LOG, "handshake-server message");
  final AtomicLong relayed = new AtomicLong();
  final AtomicLong received = new AtomicLong();
  final AtomicLong totalConnections = new AtomicLong();
  final AtomicLong currentConnections = new AtomicLong();
  final AtomicLong currentRooms = new AtomicLong();

  private final Map<Channel, Peer> byChannel = new HashMap<>();
  private final Map<String, Peer> byUuid = new HashMap<>();
  private final Map<String, Peer> byAlias = new HashMap<>();
  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<String, Peer> seeders = new HashMap<>();
  private final Map<String, Set<Peer>> pendingPlays = new HashMap<>();

  HandshakeProtocol(HandshakeServer.Options options) {
    this.options = options;
  }

  // ------------------------------------------------------------------ lifecycle

  /** A websocket handshake completed. Returns false if the server is full. */
  boolean connected(Channel ch, long now) {
    if (byChannel.size() >= options.maxConnections()) {
      drops.drop(DropReason.DENIED, "connection from " + ch.remoteAddress() + ": server full");
      return false;
    }
    String uuid = UUID.randomUUID().toString();
    Peer p = new Peer(ch, uuid, options.burst(), now);
    byChannel.put(ch, p);
    byUuid.put(uuid, p);
    totalConnections.incrementAndGet();
    currentConnections.set(byChannel.size());
    LOG.info("client {} connected from {}", uuid, ch.remoteAddress());
    return true;
  }

  /** The websocket closed: unseed, leave the room, tell room members and related peers. */
  void disconnected(Channel ch) {
    Peer p = byChannel.remove(ch);
    if (p == null) {
      return;
    }
    byUuid.remove(p.uuid);
    if (p.alias != null) {
      byAlias.remove(p.alias, p);
    }
    if (p.streamId != null) {
      seeders.remove(p.streamId, p);
    }
    for (Iterator<Set<Peer>> it = pendingPlays.values().iterator(); it.hasNext(); ) {
      Set<Peer> waiting = it.next();
      waiting.remove(p);
      if (waiting.isEmpty()) {
        it.remove();
      }
    }
    Set<Peer> tell = new LinkedHashSet<>(p.related);
    if (p.room != null) {
      Room room = p.room;
      room.members.remove(p);
      tell.addAll(room.members);
      if (room.members.isEmpty()) {
        rooms.remove(room.id);
      }
      p.room = null;
    }
    for (Peer other : tell) {
      other.related.remove(p);
      if (other != p && byChannel.containsKey(other.channel)) {
        notice(other, request("cleanup", p.uuid));
      }
    }
    currentConnections.set(byChannel.size());
    currentRooms.set(rooms.size());
    LOG.info("client {} disconnected; told {} peers", p, tell.size());
  }

  /** Closes every client connection (tests: the server drops its clients). */
  void closeAll() {
    for (Channel ch : new ArrayList<>(byChannel.keySet())) {
      ch.close();
    }
  }

  // ------------------------------------------------------------------ messages

  /** One text message from a client. */
  void handle(Channel ch, String text, long now) {
    received.incrementAndGet();
    Peer p = byChannel.get(ch);
    if (p == null) {
      return;
    }
    if (!takeToken(p, now)) {
      p.floodDrops++;
      drops.drop(
          DropReason.RATE_LIMITED, "client " + p + " over " + options.ratePerSecond() + " msg/s");
      if (p.floodDrops > options.floodCloseAfter()) {
        LOG.warn("closing client {}: {} messages over the rate limit", p, p.floodDrops);
        ch.close();
      }
      return;
    }
    if (text.length() > options.maxMessageChars()) {
      drops.drop(DropReason.OVERSIZED, "client " + p + ": " + text.length() + " chars");
      return;
    }
    JsonNode node = ServerJson.parse(text);
    if (node == null || !node.isObject()) {
      drops.drop(DropReason.MALFORMED_JSON, "client " + p + ": " + DropCounter.excerpt(text));
      return;
    }
    ObjectNode msg = (ObjectNode) node;
    if (ServerJson.badId(msg, "from") || ServerJson.badId(msg, "UUID")) {
      drops.drop(DropReason.WRONG_TYPE, "client " + p + ": UUID/from of the wrong type");
      return;
    }
    rememberAlias(p, ServerJson.id(msg, "from"));
    JsonNode request = msg.get("request");
    if (request == null) {
      relay(p, msg);
      return;
    }
    if (!request.isTextual()) {
      drops.drop(DropReason.WRONG_TYPE, "client " + p + ": request is " + request.getNodeType());
      return;
    }
    switch (request.textValue()) {
      case "joinroom" -> joinRoom(p, msg, now);
      case "seed" -> seed(p, msg, now);
      case "play" -> play(p, msg, now);
      case "ping" -> LOG.debug("ping from {}", p);
      default ->
          drops.drop(
              DropReason.UNKNOWN_REQUEST,
              "client " + p + ": request " + DropCounter.excerpt(request.textValue()));
    }
  }

  private boolean takeToken(Peer p, long now) {
    double elapsed = (now - p.refilledAt) / 1e9;
    p.refilledAt = now;
    p.tokens = Math.min(options.burst(), p.tokens + elapsed * options.ratePerSecond());
    if (p.tokens < 1) {
      return false;
    }
    p.tokens -= 1;
    return true;
  }

  private void rememberAlias(Peer p, String from) {
    if (from == null || from.equals(p.alias)) {
      return;
    }
    if (p.alias != null) {
      LOG.debug("client {} changed its from id to {}; keeping the first", p, from);
      return;
    }
    if (from.length() > MAX_ID_CHARS || byAlias.containsKey(from) || byUuid.containsKey(from)) {
      drops.drop(
          DropReason.DENIED,
          "client " + p + ": from id " + DropCounter.excerpt(from) + " is taken or too long");
      return;
    }
    p.alias = from;
    byAlias.put(from, p);
    LOG.info("client {} uses custom-server addressing (from {})", p.uuid, from);
  }

  private String requiredId(Peer p, ObjectNode msg, String field, String what) {
    String v = ServerJson.id(msg, field);
    if (v == null || v.isEmpty() || v.length() > MAX_ID_CHARS) {
      drops.drop(DropReason.WRONG_TYPE, "client " + p + ": " + what + " without a usable " + field);
      return null;
    }
    return v;
  }

  private void joinRoom(Peer p, ObjectNode msg, long now) {
    String roomId = requiredId(p, msg, "roomid", "joinroom");
    if (roomId == null) {
      return;
    }
    String streamId = ServerJson.id(msg, "streamID");
    if (p.room != null && p.room.id.equals(roomId)) {
      send(p, listing(p.room, p)); // a repeated join of the same room: just list it again
      return;
    }
    if (p.room != null) {
      leaveRoom(p);
    }
    Room room = rooms.computeIfAbsent(roomId, Room::new);
    ObjectNode listing = listing(room, p);
    room.members.add(p);
    p.room = room;
    currentRooms.set(rooms.size());
    send(p, listing);
    boolean seeded = streamId != null && register(p, streamId);
    ObjectNode joined = request("someonejoined", p.uuid);
    if (seeded) {
      joined.put("streamID", streamId);
    }
    for (Peer m : room.members) {
      if (m != p) {
        notice(m, joined.deepCopy());
      }
    }
    LOG.info(
        "client {} joined room {} ({} members)",
        p,
        DropCounter.excerpt(roomId),
        room.members.size());
    if (seeded) {
      servePending(p, now);
    }
  }

  /** {@code {"request":"listing","list":[{"UUID":…,"streamID"?:…}…]}}: the room without p. */
  private static ObjectNode listing(Room room, Peer p) {
    ObjectNode listing = JsonNodeFactory.instance.objectNode();
    listing.put("request", "listing");
    ArrayNode list = listing.putArray("list");
    for (Peer m : room.members) {
      if (m == p) {
        continue;
      }
      ObjectNode e = list.addObject();
      e.put("UUID", m.uuid);
      if (m.streamId != null) {
        e.put("streamID", m.streamId);
      }
    }
    return listing;
  }

  private void leaveRoom(Peer p) {
    Room room = p.room;
    room.members.remove(p);
    p.room = null;
    for (Peer m : room.members) {
      notice(m, request("cleanup", p.uuid));
    }
    if (room.members.isEmpty()) {
      rooms.remove(room.id);
    }
  }

  private void seed(Peer p, ObjectNode msg, long now) {
    String streamId = requiredId(p, msg, "streamID", "seed");
    if (streamId == null || !register(p, streamId)) {
      return;
    }
    if (p.room != null) {
      ObjectNode added = request("videoaddedtoroom", p.uuid);
      added.put("streamID", streamId);
      for (Peer m : p.room.members) {
        if (m != p) {
          notice(m, added.deepCopy());
        }
      }
    }
    LOG.info("client {} publishes stream {}", p, DropCounter.excerpt(streamId));
    servePending(p, now);
  }

  /** Registers p as the seeder of streamId; false (and an alert to p) if another client has it. */
  private boolean register(Peer p, String streamId) {
    if (streamId.length() > MAX_ID_CHARS) {
      drops.drop(DropReason.WRONG_TYPE, "client " + p + ": streamID too long");
      return false;
    }
    Peer current = seeders.get(streamId);
    if (current != null && current != p) {
      drops.drop(
          DropReason.DENIED,
          "client "
              + p
              + ": stream "
              + DropCounter.excerpt(streamId)
              + " is already published by "
              + current);
      ObjectNode alert = JsonNodeFactory.instance.objectNode();
      alert.put("request", "alert");
      alert.put("message", "streamID is already in use");
      send(p, alert);
      return false;
    }
    if (p.streamId != null && !p.streamId.equals(streamId)) {
      seeders.remove(p.streamId, p);
    }
    p.streamId = streamId;
    seeders.put(streamId, p);
    return true;
  }

  private void servePending(Peer seeder, long now) {
    Set<Peer> waiting = pendingPlays.remove(seeder.streamId);
    if (waiting == null) {
      return;
    }
    for (Peer viewer : waiting) {
      viewer.pendingPlays--;
      offerTo(viewer, seeder, now);
    }
  }

  private void play(Peer p, ObjectNode msg, long now) {
    String streamId = requiredId(p, msg, "streamID", "play");
    if (streamId == null) {
      return;
    }
    Peer seeder = seeders.get(streamId);
    if (seeder == p) {
      drops.drop(DropReason.UNEXPECTED, "client " + p + " plays its own stream");
      return;
    }
    if (seeder != null) {
      offerTo(p, seeder, now);
      return;
    }
    // Not published yet: remember the play until it is (bounded).
    Set<Peer> waiting = pendingPlays.get(streamId);
    if (waiting != null && waiting.contains(p)) {
      return;
    }
    if (p.pendingPlays >= MAX_PENDING_PER_PEER
        || (waiting == null && pendingPlays.size() >= MAX_PENDING_STREAMS)
        || (waiting != null && waiting.size() >= MAX_PENDING_PER_STREAM)) {
      drops.drop(DropReason.DENIED, "client " + p + ": too many plays waiting");
      return;
    }
    pendingPlays.computeIfAbsent(streamId, k -> new LinkedHashSet<>()).add(p);
    p.pendingPlays++;
    LOG.info("client {} waits for stream {}", p, DropCounter.excerpt(streamId));
  }

  /** Asks the seeder to make an offer to the viewer, if the room rule allows it. */
  private void offerTo(Peer viewer, Peer seeder, long now) {
    if (seeder.room != null && seeder.room != viewer.room) {
      drops.drop(
          DropReason.DENIED,
          "client "
              + viewer
              + ": stream "
              + DropCounter.excerpt(seeder.streamId)
              + " belongs to a room it has not joined");
      return;
    }
    Long last = viewer.lastPlay.get(seeder.streamId);
    if (last != null && now - last < PLAY_DEDUPE_NS && viewer.related.contains(seeder)) {
      LOG.debug("duplicate play of {} by {} absorbed", seeder.streamId, viewer);
      return;
    }
    if (viewer.lastPlay.size() > 1024) {
      viewer.lastPlay.clear();
    }
    viewer.lastPlay.put(seeder.streamId, now);
    relate(viewer, seeder);
    notice(seeder, request("offerSDP", viewer.uuid));
  }

  private void relay(Peer sender, ObjectNode msg) {
    String target = ServerJson.id(msg, "UUID");
    if (target == null) {
      drops.drop(
          DropReason.UNKNOWN_REQUEST, "client " + sender + ": no request and no UUID target");
      return;
    }
    Peer to = byUuid.get(target);
    if (to == null) {
      to = byAlias.get(target);
    }
    if (to == null || to == sender) {
      drops.drop(
          DropReason.NOT_FOR_US,
          "client " + sender + ": unknown target " + DropCounter.excerpt(target));
      return;
    }
    msg.remove("from");
    msg.remove("roomid"); // custom-mode clients add it to everything; it addresses nothing here
    if (to.alias != null) {
      msg.put("from", sender.uuid);
      msg.put("UUID", to.alias);
    } else {
      msg.put("UUID", sender.uuid); // §1.2: on delivery UUID names the sender
    }
    relate(sender, to);
    relayed.incrementAndGet();
    send(to, msg);
  }

  private static void relate(Peer a, Peer b) {
    if (a.related.size() < 4096) {
      a.related.add(b);
    }
    if (b.related.size() < 4096) {
      b.related.add(a);
    }
  }

  private static ObjectNode request(String request, String subject) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("request", request);
    m.put("UUID", subject);
    return m;
  }

  /** A server message about {@code UUID}; custom clients get it as from=subject, UUID=own id. */
  private void notice(Peer to, ObjectNode msg) {
    if (to.alias != null && msg.has("UUID")) {
      msg.set("from", msg.get("UUID"));
      msg.put("UUID", to.alias);
    }
    send(to, msg);
  }

  private void send(Peer to, ObjectNode msg) {
    Channel ch = to.channel;
    if (!ch.isActive()) {
      return;
    }
    if (!ch.isWritable()) {
      drops.drop(DropReason.RATE_LIMITED, "client " + to + " does not read; message dropped");
      return;
    }
    ch.writeAndFlush(new TextWebSocketFrame(ServerJson.write(msg)));
  }

  /** For stats and tests: the UUIDs of a room's members. */
  List<String> members(String roomId) {
    Room r = rooms.get(roomId);
    List<String> out = new ArrayList<>();
    if (r != null) {
      r.members.forEach(m -> out.add(m.uuid));
    }
    return out;
  }
}
