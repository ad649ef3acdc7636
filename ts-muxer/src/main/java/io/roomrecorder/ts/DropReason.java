package io.roomrecorder.ts;

/** Why the muxer refused an access unit. Every refusal is counted in {@link TsMuxerStats}. */
public enum DropReason {
  /** Zero-length access unit or Opus packet. */
  EMPTY,
  /** Larger than {@link TsMuxerConfig#maxAccessUnitSize()}. */
  OVERSIZED,
  /**
   * The video buffer does not begin with an Annex-B start code (ITU-T H.264 Annex B), e.g. AVCC.
   */
  NO_START_CODE,
  /** A NAL unit header with forbidden_zero_bit set, or an empty NAL unit (H.264 §7.4.1). */
  MALFORMED_NAL_UNIT,
  /** The access unit holds no coded slice (parameter sets alone are remembered, not written). */
  NO_SLICE,
  /** Video before the first keyframe: a decoder could not start there. */
  WAITING_FOR_KEYFRAME,
  /** A keyframe without SPS/PPS while none has been seen yet: undecodable. */
  MISSING_PARAMETER_SETS,
  /** Not a valid Opus packet (RFC 6716 §3.4 rules R1–R7 that concern framing). */
  MALFORMED_OPUS_PACKET,
  /** PTS equal to or slightly behind the stream's previous one (duplicate or reordered input). */
  TIMESTAMP_NOT_INCREASING,
  /** |PTS| beyond 2^60 ticks: no clock produces that, and it would overflow the arithmetic. */
  TIMESTAMP_OUT_OF_RANGE,
  /**
   * More than the muxer's PTS delay (700 ms) behind the newest media of the program: written, its
   * PES would follow a PCR later than its DTS (ISO 13818-1 §2.4.2, T-STD), which players may
   * discard or stall on. The caller is expected to interleave its streams closer than that.
   */
  BEHIND_PROGRAM_CLOCK
}
