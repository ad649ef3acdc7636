package io.roomrecorder.ts.reader;

/**
 * One thing wrong in a transport stream.
 *
 * @param kind what is wrong
 * @param byteOffset where in the stream (offset of the packet, or of the first bad byte)
 * @param pid the packet identifier concerned, or -1
 * @param detail a human-readable explanation
 */
public record TsProblem(Kind kind, long byteOffset, int pid, String detail) {

  /** The checks {@link TsReader} performs. */
  public enum Kind {
    /** A packet does not start with sync_byte 0x47 (ISO/IEC 13818-1 §2.4.3.3); bytes skipped. */
    SYNC_LOSS,
    /** The stream ends inside a packet. */
    TRUNCATED_PACKET,
    /** transport_error_indicator set. */
    TRANSPORT_ERROR,
    /** adaptation_field_control '00' or an adaptation_field_length that does not fit. */
    MALFORMED_ADAPTATION_FIELD,
    /** continuity_counter skipped (§2.4.3.3) without a discontinuity_indicator. */
    CONTINUITY_ERROR,
    /** A PAT or PMT section whose CRC_32 does not check (Annex A). */
    TABLE_CRC_MISMATCH,
    /** A PAT or PMT section that cannot be parsed. */
    MALFORMED_SECTION,
    /** A PES packet with a broken header (§2.4.3.6) or larger than the reader keeps. */
    MALFORMED_PES,
    /** A PES whose DTS (or PTS) lies before the PCR preceding it (§2.4.2.3: data would be late). */
    PCR_AFTER_DTS,
    /** Consecutive PCRs more than 100 ms apart (§2.7.2). */
    PCR_INTERVAL_EXCEEDED,
    /** A PES whose DTS (or PTS) is not after the previous one of its stream. */
    TIMESTAMP_NOT_INCREASING,
    /** An H.264 PES that does not begin with an access unit delimiter. */
    MISSING_AUD,
    /** An SPS that cannot be parsed (H.264 §7.3.2.1.1). */
    MALFORMED_SPS,
    /** An Opus PES whose control headers or packets are malformed. */
    MALFORMED_OPUS,
    /** Elementary-stream packets before any PAT/PMT described them. */
    PES_BEFORE_PMT
  }
}
