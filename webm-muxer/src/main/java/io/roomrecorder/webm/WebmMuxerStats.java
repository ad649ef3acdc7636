package io.roomrecorder.webm;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link WebmMuxer}'s counters. Immutable and thread-safe once returned.
 *
 * @param videoFramesIn frames passed to {@link WebmMuxer#writeVideo}
 * @param videoFramesOut frames written as a SimpleBlock
 * @param audioPacketsIn Opus packets passed to {@link WebmMuxer#writeAudio}
 * @param audioPacketsOut Opus packets written as a SimpleBlock
 * @param dropped refusals by reason (every reason present, zero when none)
 * @param timestampDiscontinuities jumps beyond {@link WebmMuxerConfig#maxTimestampJump90k()} that
 *     re-based the timeline so the file continues without a hole
 * @param clampedTimestamps frames of the track that started second stamped before the file's time
 *     0, written at 0
 * @param keyframeFlagMismatches frames whose caller {@code keyframe} flag disagreed with the VP8
 *     frame header (the header wins)
 * @param resolutionChanges key frames whose size differed from the previous key frame's
 * @param width the last key frame's width (the configured one before any key frame)
 * @param height the last key frame's height
 * @param maxWidth the largest key frame width seen (0 before any key frame)
 * @param maxHeight the largest key frame height seen
 * @param clusters Clusters started
 * @param cuePoints Cue points collected (written by close)
 * @param durationMs the file's duration so far: the end of its latest frame
 * @param bytesWritten bytes handed to the sink (file size)
 * @param payloadBytes frame bytes written (VP8 frames and Opus packets)
 */
public record WebmMuxerStats(
    long videoFramesIn,
    long videoFramesOut,
    long audioPacketsIn,
    long audioPacketsOut,
    Map<DropReason, Long> dropped,
    long timestampDiscontinuities,
    long clampedTimestamps,
    long keyframeFlagMismatches,
    long resolutionChanges,
    int width,
    int height,
    int maxWidth,
    int maxHeight,
    long clusters,
    long cuePoints,
    long durationMs,
    long bytesWritten,
    long payloadBytes) {

  public WebmMuxerStats {
    EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      copy.put(r, dropped.getOrDefault(r, 0L));
    }
    dropped = Collections.unmodifiableMap(copy);
  }

  /** How many frames were refused for {@code reason}. */
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
