package io.roomrecorder.datachannel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of an association's counters ({@link SctpAssociation#stats()}). Immutable.
 *
 * @param retransmittedChunks DATA chunks sent again (T3-rtx or fast retransmit)
 * @param abandonedMessages messages given up under partial reliability (RFC 3758)
 * @param duplicateTsns DATA chunks received twice
 * @param drops inbound packets, chunks or messages dropped, by reason
 */
public record SctpStats(
    long packetsReceived,
    long packetsSent,
    long bytesReceived,
    long bytesSent,
    long dataChunksSent,
    long retransmittedChunks,
    long fastRetransmits,
    long t3Expirations,
    long abandonedMessages,
    long duplicateTsns,
    long messagesReceived,
    long messagesSent,
    long heartbeatsSent,
    long rtoMs,
    int congestionWindow,
    int receiveWindow,
    Map<DropReason, Long> drops) {

  public SctpStats {
    drops = Collections.unmodifiableMap(new EnumMap<>(drops));
  }

  public long drops(DropReason reason) {
    return drops.getOrDefault(reason, 0L);
  }

  public long totalDrops() {
    long n = 0;
    for (long v : drops.values()) {
      n += v;
    }
    return n;
  }
}
