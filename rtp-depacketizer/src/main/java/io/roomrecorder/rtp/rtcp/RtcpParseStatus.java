package io.roomrecorder.rtp.rtcp;

/** Outcome of {@link RtcpParser#parse}. */
public enum RtcpParseStatus {
  /** Every sub-packet was well-formed and reported. */
  OK,
  /**
   * The compound structure was valid but at least one sub-packet's body was inconsistent (e.g. a
   * report count larger than its length); those were skipped and counted, the others reported.
   */
  PARTIAL,
  /** Shorter than one 4-byte common header. */
  TOO_SHORT,
  /** A sub-packet's version is not 2 (RFC 3550 A.2). */
  BAD_VERSION,
  /** A sub-packet's length runs past the end, or lengths do not add up to the datagram. */
  BAD_LENGTH,
  /** Padding on a sub-packet other than the last, or a padding count that does not fit. */
  BAD_PADDING
}
