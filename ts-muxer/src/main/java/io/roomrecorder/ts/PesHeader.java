package io.roomrecorder.ts;

/**
 * PES packet header (ISO/IEC 13818-1 §2.4.3.6, §2.4.3.7) for the two streams we write.
 *
 * <pre>
 * packet_start_code_prefix 0x000001 | stream_id(8) | PES_packet_length(16) |
 * '10' scrambling(2) priority(1) data_alignment_indicator(1) copyright(1) original(1) |
 * PTS_DTS_flags(2) ESCR(1) ES_rate(1) DSM_trick(1) copy_info(1) CRC(1) extension(1) |
 * PES_header_data_length(8) | [PTS 5 bytes] [DTS 5 bytes]
 * PTS: prefix(4) PTS[32..30] marker | PTS[29..15] marker | PTS[14..0] marker
 * </pre>
 *
 * Stateless; writes into caller-owned arrays.
 */
final class PesHeader {
  /** ISO/IEC 13818-1 Table 2-22: video stream 0 (0b1110_0000). */
  static final int STREAM_ID_VIDEO = 0xE0;

  /** private_stream_1, which the Opus-in-TS mapping uses. */
  static final int STREAM_ID_PRIVATE_1 = 0xBD;

  static final int PTS_ONLY_LENGTH = 14;
  static final int PTS_DTS_LENGTH = 19;

  private PesHeader() {}

  /**
   * Writes a header with PTS (and DTS when {@code dts != pts}) for a payload of {@code
   * payloadLength} bytes. PES_packet_length is 0 ("unbounded", allowed only for video) when the
   * packet would exceed 65535 bytes. Timestamps are written modulo 2^33 (the 33-bit wrap).
   *
   * @return the header length, {@link #PTS_ONLY_LENGTH} or {@link #PTS_DTS_LENGTH}
   */
  static int write(byte[] b, int p, int streamId, long pts90k, long dts90k, int payloadLength) {
    boolean withDts = dts90k != pts90k;
    int headerLength = withDts ? PTS_DTS_LENGTH : PTS_ONLY_LENGTH;
    long pesPacketLength = (long) payloadLength + headerLength - 6;
    if (pesPacketLength > 0xFFFF) {
      pesPacketLength = 0;
    }
    b[p] = 0;
    b[p + 1] = 0;
    b[p + 2] = 1;
    b[p + 3] = (byte) streamId;
    b[p + 4] = (byte) (pesPacketLength >> 8);
    b[p + 5] = (byte) pesPacketLength;
    b[p + 6] = (byte) 0x84; // '10', data_alignment_indicator: the PES starts with an access unit
    b[p + 7] = (byte) (withDts ? 0xC0 : 0x80);
    b[p + 8] = (byte) (headerLength - 9);
    writeTimestamp(b, p + 9, withDts ? 0b0011 : 0b0010, pts90k);
    if (withDts) {
      writeTimestamp(b, p + 14, 0b0001, dts90k);
    }
    return headerLength;
  }

  /** The 5-byte PTS/DTS field with its 4-bit prefix and three marker bits. */
  static void writeTimestamp(byte[] b, int p, int prefix, long ts90k) {
    long t = ts90k & 0x1_FFFF_FFFFL;
    b[p] = (byte) (prefix << 4 | (int) (t >>> 29) & 0x0E | 1);
    b[p + 1] = (byte) (t >>> 22);
    b[p + 2] = (byte) ((t >>> 14) & 0xFE | 1);
    b[p + 3] = (byte) (t >>> 7);
    b[p + 4] = (byte) ((t << 1) & 0xFE | 1);
  }

  /** Reads a 5-byte PTS/DTS field (markers unchecked). */
  static long readTimestamp(byte[] b, int p) {
    return ((long) (b[p] & 0x0E) << 29)
        | ((long) (b[p + 1] & 0xFF) << 22)
        | ((long) (b[p + 2] & 0xFE) << 14)
        | ((long) (b[p + 3] & 0xFF) << 7)
        | ((b[p + 4] & 0xFE) >>> 1);
  }
}
