package io.roomrecorder.webm;

/**
 * Why a {@link WebmMuxer} refused a frame. Every refusal is counted in {@link WebmMuxerStats};
 * refusals never throw, so one bad frame cannot end a recording.
 */
public enum DropReason {
  /** Zero-length frame (some encoders emit them, Chromium bug 716451). */
  EMPTY,
  /** Larger than {@link WebmMuxerConfig#maxFrameSize()}. */
  OVERSIZED,
  /**
   * The VP8 frame header is broken (RFC 6386 §9.1): too short, version above 3, a key frame without
   * the start code or with a zero size, or a first partition longer than the frame.
   */
  MALFORMED_VP8_FRAME,
  /** Not a valid Opus packet (RFC 6716 §3.4 framing rules checkable from the TOC octets). */
  MALFORMED_OPUS_PACKET,
  /** A VP8 interframe before the first key frame: a decoder could not start there. */
  WAITING_FOR_KEYFRAME,
  /**
   * Timestamp not after the previous frame of the same track at the file's 1 ms resolution: a
   * duplicate (retransmission) or a reordered frame. Demuxers reject non-increasing timestamps.
   */
  TIMESTAMP_NOT_INCREASING,
  /**
   * |timestamp| beyond 2^60 ticks: no clock produces that, and it would overflow the arithmetic.
   */
  TIMESTAMP_OUT_OF_RANGE,
  /**
   * More than 32.768 s before the open Cluster's timestamp: a SimpleBlock's signed 16-bit relative
   * timestamp cannot reach it (RFC 9559 §10.2), and Clusters never go back in time.
   */
  TOO_LATE_FOR_CLUSTER
}
