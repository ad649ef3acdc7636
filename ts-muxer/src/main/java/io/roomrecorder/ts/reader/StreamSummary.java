package io.roomrecorder.ts.reader;

import java.util.List;

/**
 * One elementary stream as {@link TsReader} saw it. Immutable.
 *
 * @param pid its PID
 * @param streamType stream_type from the PMT (0x1B H.264, 0x06 private data, ...)
 * @param codec "h264", "opus" (stream_type 0x06 with registration 'Opus') or "unknown"
 * @param pesPackets PES packets
 * @param frames access units: one per PES for video, the Opus packets inside the PES for Opus
 * @param keyframes H.264 access units holding an IDR slice
 * @param firstPts90k first DTS/PTS (unwrapped across the 33-bit wrap), -1 if none
 * @param endPts90k last DTS/PTS plus the last frame's duration
 * @param resolutions picture sizes from each SPS that changed it, in stream order (H.264 only)
 * @param gaps PTS steps longer than {@link TsReader#GAP_THRESHOLD_90K}
 * @param continuityErrors continuity-counter errors on this PID
 */
public record StreamSummary(
    int pid,
    int streamType,
    String codec,
    long pesPackets,
    long frames,
    long keyframes,
    long firstPts90k,
    long endPts90k,
    List<Resolution> resolutions,
    List<Gap> gaps,
    long continuityErrors) {

  /** A picture size and the PTS (90 kHz, unwrapped) of the access unit that introduced it. */
  public record Resolution(int width, int height, long fromPts90k) {}

  /** A hole in the timestamps: previous and next PTS (90 kHz, unwrapped). */
  public record Gap(long fromPts90k, long toPts90k) {
    public double seconds() {
      return (toPts90k - fromPts90k) / 90_000.0;
    }
  }

  /** Media duration in seconds. */
  public double durationSeconds() {
    return firstPts90k < 0 ? 0 : (endPts90k - firstPts90k) / 90_000.0;
  }

  /** The first picture width, or 0. */
  public int width() {
    return resolutions.isEmpty() ? 0 : resolutions.get(0).width();
  }

  /** The first picture height, or 0. */
  public int height() {
    return resolutions.isEmpty() ? 0 : resolutions.get(0).height();
  }
}
