package io.roomrecorder.rtp;

/** Bits of the {@code flags} argument of {@link FrameListener#onFrame}. */
public final class FrameFlags {
  private FrameFlags() {}

  /**
   * Video: an earlier frame was damaged or lost and no keyframe has arrived since, so this frame
   * may reference a picture the decoder never got. Audio: packets were lost just before it.
   */
  public static final int AFTER_DAMAGE = 1;

  /** H.264: the cached SPS and PPS were put in front of this IDR access unit, which lacked them. */
  public static final int PARAMETER_SETS_INSERTED = 2;

  /** H.264: this access unit carries an SPS or PPS different from the previous one. */
  public static final int PARAMETER_SETS_CHANGED = 4;

  /** The picture size changed with this keyframe (H.264 SPS or VP8 key frame header). */
  public static final int RESOLUTION_CHANGED = 8;

  /** The frame ended at a timestamp change, not at a packet with the marker bit. */
  public static final int NO_MARKER = 16;

  /**
   * Opus: the timestamp advanced further than the previous packet's duration without a sequence
   * gap: the sender paused in discontinuous transmission (RFC 7587 §3.1.3 DTX).
   */
  public static final int DTX_GAP = 32;
}
