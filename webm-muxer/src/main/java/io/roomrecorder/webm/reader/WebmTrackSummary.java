package io.roomrecorder.webm.reader;

import java.util.List;

/**
 * One track as {@link WebmReader} saw it. Immutable. Times are nanoseconds (Cluster Timestamp plus
 * the block's relative timestamp, times TimestampScale; RFC 9559 §11.1).
 *
 * @param number TrackNumber
 * @param trackType TrackType (1 video, 2 audio, RFC 9559 §5.1.4.1.3)
 * @param codecId CodecID ("V_VP8", "A_OPUS", ...), "" if absent
 * @param width PixelWidth, 0 if absent
 * @param height PixelHeight, 0 if absent
 * @param channels audio Channels, 0 if absent
 * @param samplingFrequency audio SamplingFrequency in Hz, 0 if absent
 * @param blocks SimpleBlocks and Blocks of this track
 * @param frames frames in those blocks (more than blocks when laced)
 * @param keyframes blocks flagged as key frames (SimpleBlock flag, or a Block without
 *     ReferenceBlock)
 * @param firstNs timestamp of the first block, -1 if none
 * @param lastNs the latest block timestamp, -1 if none
 * @param lastStepNs the last positive step between consecutive blocks (the assumed duration of the
 *     last frame), 0 if fewer than two
 * @param gaps steps between consecutive blocks longer than {@link WebmReader#GAP_THRESHOLD_NS}
 */
public record WebmTrackSummary(
    long number,
    int trackType,
    String codecId,
    int width,
    int height,
    int channels,
    double samplingFrequency,
    long blocks,
    long frames,
    long keyframes,
    long firstNs,
    long lastNs,
    long lastStepNs,
    List<Gap> gaps) {

  /** A hole in a track's timestamps: the previous and the next block's timestamp (ns). */
  public record Gap(long fromNs, long toNs) {
    public double seconds() {
      return (toNs - fromNs) / 1e9;
    }
  }

  /** "video", "audio", "subtitle", or "type N". */
  public String type() {
    return switch (trackType) {
      case 1 -> "video";
      case 2 -> "audio";
      case 17 -> "subtitle";
      default -> "type " + trackType;
    };
  }

  public boolean video() {
    return trackType == 1;
  }

  public double firstSeconds() {
    return firstNs < 0 ? 0 : firstNs / 1e9;
  }

  public double lastSeconds() {
    return lastNs < 0 ? 0 : lastNs / 1e9;
  }

  /** From the first block to the latest block plus the last frame's (assumed) duration. */
  public double durationSeconds() {
    return firstNs < 0 ? 0 : (lastNs - firstNs + lastStepNs) / 1e9;
  }

  /** The end of the last frame, ns; -1 if none. */
  public long endNs() {
    return firstNs < 0 ? -1 : lastNs + lastStepNs;
  }
}
