package io.roomrecorder.signaling;

import java.util.Map;

/**
 * A snapshot of a signaling session's counters.
 *
 * @param received text messages received on the websocket
 * @param sent text messages sent on the websocket
 * @param connects websocket connections opened (the first one included)
 * @param dropped dropped messages per reason (every reason present, zero or not)
 */
public record SignalingStats(
    long received, long sent, long connects, Map<DropReason, Long> dropped) {

  public SignalingStats {
    dropped = Map.copyOf(dropped);
  }

  /** Dropped messages of one reason. */
  public long dropped(DropReason reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  /** All dropped messages. */
  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
