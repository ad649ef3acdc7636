package io.roomrecorder.rtp;

/**
 * Outcome of {@link RtpPacket#parse}. Every value but {@link #OK} means the packet must be dropped;
 * callers count them (see {@link ReorderStats}).
 */
public enum RtpParseStatus {
  /** The fixed header, CSRC list, header extension and padding are consistent with the length. */
  OK,
  /** Fewer than the 12 bytes of the fixed header (RFC 3550 §5.1). */
  TOO_SHORT,
  /** Version field is not 2 (RFC 3550 §5.1). */
  BAD_VERSION,
  /**
   * Payload type 64–95 with the marker bit masked: on a multiplexed port this is RTCP (RFC 5761 §4,
   * RFC 7983), never RTP.
   */
  RTCP_PAYLOAD_TYPE,
  /** The CSRC list (4 × CC bytes) runs past the end of the packet. */
  TRUNCATED_CSRC,
  /** The header extension header or its 32-bit-word length runs past the end (RFC 3550 §5.3.1). */
  TRUNCATED_EXTENSION,
  /** Padding bit set but the last byte's count is 0 or longer than the payload (RFC 3550 §5.1). */
  BAD_PADDING
}
