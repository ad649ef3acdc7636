package io.roomrecorder.signaling.server;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** One websocket client of the handshake server. Confined to the server's I/O thread. */
final class Peer {
  final Channel channel;
  final String uuid;

  /** The client's own id when it sends {@code from} (custom-server clients, §11.14), else null. */
  String alias;

  Room room;
  String streamId;

  /** Peers this one exchanged signaling with; told when it disconnects. */
  final Set<Peer> related = new LinkedHashSet<>();

  /** streamID → time (ns) of the last offerSDP sent on our behalf, to absorb duplicate plays. */
  final Map<String, Long> lastPlay = new HashMap<>();

  int pendingPlays;
  // token bucket
  double tokens;
  long refilledAt;
  long floodDrops;

  Peer(Channel channel, String uuid, double burst, long now) {
    this.channel = channel;
    this.uuid = uuid;
    this.tokens = burst;
    this.refilledAt = now;
  }

  @Override
  public String toString() {
    return alias == null ? uuid : uuid + "(from " + alias + ")";
  }
}
