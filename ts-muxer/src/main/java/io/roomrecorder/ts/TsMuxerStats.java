package io.roomrecorder.ts;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link TsMuxer}'s counters. Immutable and thread-safe once returned.
 *
 * @param videoAccessUnitsIn access units passed to {@link TsMuxer#writeVideo}
 * @param videoAccessUnitsOut access units written as a PES
 * @param audioPacketsIn Opus packets passed to {@link TsMuxer#writeAudio}
 * @param audioPacketsOut Opus packets written (inside a PES)
 * @param dropped refusals by reason (every reason present, zero when none)
 * @param audsInserted access unit delimiters the muxer added (H.264 §7.3.2.4)
 * @param parameterSetsInserted SPS or PPS NAL units re-inserted before an IDR lacking them
 * @param timestampDiscontinuities jumps beyond {@link TsMuxerConfig#maxTimestampJump90k()} that
 *     started a new timeline segment
 * @param tsPackets 188-byte packets produced
 * @param payloadBytes elementary-stream bytes written into PES payloads (incl. inserted NALs and
 *     Opus control headers)
 * @param pesBehindPcr PES written with a DTS before the PCR in front of it; always 0 since input
 *     that far behind is dropped ({@link DropReason#BEHIND_PROGRAM_CLOCK}): a self-check of the
 *     muxer
 */
public record TsMuxerStats(
    long videoAccessUnitsIn,
    long videoAccessUnitsOut,
    long audioPacketsIn,
    long audioPacketsOut,
    Map<DropReason, Long> dropped,
    long audsInserted,
    long parameterSetsInserted,
    long timestampDiscontinuities,
    long tsPackets,
    long payloadBytes,
    long pesBehindPcr) {

  public TsMuxerStats {
    EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      copy.put(r, dropped.getOrDefault(r, 0L));
    }
    dropped = Collections.unmodifiableMap(copy);
  }

  /** How many inputs were refused for {@code reason}. */
  public long dropped(DropReason reason) {
    return dropped.get(reason);
  }

  /** All refusals. */
  public long droppedTotal() {
    long n = 0;
    for (long v : dropped.values()) {
      n += v;
    }
    return n;
  }
}
