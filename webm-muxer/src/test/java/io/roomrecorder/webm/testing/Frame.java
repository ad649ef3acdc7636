package io.roomrecorder.webm.testing;

/** One compressed frame of a sample: its bytes, presentation time (90 kHz), key frame flag. */
public record Frame(byte[] data, long pts90k, boolean keyframe) {
  /** The same frame shifted by {@code ticks}. */
  public Frame shifted(long ticks) {
    return new Frame(data, pts90k + ticks, keyframe);
  }
}
