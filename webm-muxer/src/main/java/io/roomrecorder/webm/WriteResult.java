package io.roomrecorder.webm;

/**
 * What {@link WebmMuxer} did with one frame. Every value but {@link #WRITTEN} is a drop, counted in
 * {@link WebmMuxer.Stats}; drops never throw, so one bad frame cannot end a recording.
 */
public enum WriteResult {
  /** The frame is in the file as one SimpleBlock. */
  WRITTEN,
  /** Zero-length frame: nothing to decode (some encoders emit them, Chromium bug 716451). */
  DROPPED_EMPTY,
  /** Larger than {@link WebmMuxer#MAX_FRAME_BYTES}: no sane VP8 or Opus frame is. */
  DROPPED_TOO_LARGE,
  /**
   * The frame's own header is broken (VP8 frame tag or key frame start code, RFC 6386 §9.1; Opus
   * TOC rules, RFC 6716 §3.4), or its timestamp is outside ±2^61 ns: a decoder would reject it.
   */
  DROPPED_MALFORMED,
  /** A VP8 interframe before the first key frame: undecodable, so a file never starts with one. */
  DROPPED_BEFORE_KEYFRAME,
  /**
   * Timestamp not after the previous frame of the same track, at the file's 1 ms resolution: a
   * duplicate (retransmission) or a reordered frame. Demuxers reject non-increasing timestamps.
   */
  DROPPED_OUT_OF_ORDER,
  /**
   * Timestamp more than 32.768 s before the open Cluster's: a SimpleBlock's signed 16-bit relative
   * timestamp cannot reach it (RFC 9559 §10.1).
   */
  DROPPED_LATE
}
