package io.roomrecorder.signaling.server;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A room of the handshake server, keyed by the {@code roomid} clients send. I/O-thread confined.
 */
final class Room {
  final String id;
  final Set<Peer> members = new LinkedHashSet<>();

  Room(String id) {
    this.id = id;
  }
}
