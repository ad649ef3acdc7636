package io.roomrecorder.testpeer.media;

/**
 * Writes the fixed RTP header of RFC 3550 §5.1 (no CSRCs), optionally followed by an RFC 8285
 * one-byte header extension carrying the MID (RFC 8843 §15).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * </pre>
 */
public final class RtpHeader {
  private RtpHeader() {}

  /**
   * Writes a header into {@code buf} at {@code off} and returns its length.
   *
   * @param midExtensionId the negotiated id (1–14) of urn:ietf:params:rtp-hdrext:sdes:mid, or 0 for
   *     no extension
   * @param mid the MID value (ASCII, 1–16 bytes) when {@code midExtensionId} is not 0
   */
  public static int write(
      byte[] buf,
      int off,
      int payloadType,
      boolean marker,
      int sequence,
      long timestamp,
      long ssrc,
      int midExtensionId,
      String mid) {
    boolean extension = midExtensionId > 0;
    buf[off] = (byte) (0x80 | (extension ? 0x10 : 0));
    buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    buf[off + 2] = (byte) (sequence >>> 8);
    buf[off + 3] = (byte) sequence;
    writeInt(buf, off + 4, timestamp);
    writeInt(buf, off + 8, ssrc);
    if (!extension) {
      return 12;
    }
    int midLength = mid.length();
    if (midLength < 1 || midLength > 16) {
      throw new IllegalArgumentException("MID must be 1-16 bytes: " + mid);
    }
    // RFC 8285 §4.2: 0xBEDE, length in 32-bit words, then id<<4 | (len-1), data, zero padding.
    int words = (1 + midLength + 3) / 4;
    buf[off + 12] = (byte) 0xBE;
    buf[off + 13] = (byte) 0xDE;
    buf[off + 14] = (byte) (words >>> 8);
    buf[off + 15] = (byte) words;
    int pos = off + 16;
    buf[pos++] = (byte) ((midExtensionId << 4) | (midLength - 1));
    for (int i = 0; i < midLength; i++) {
      buf[pos++] = (byte) mid.charAt(i);
    }
    int end = off + 16 + words * 4;
    while (pos < end) {
      buf[pos++] = 0;
    }
    return end - off;
  }

  static void writeInt(byte[] buf, int off, long value) {
    buf[off] = (byte) (value >>> 24);
    buf[off + 1] = (byte) (value >>> 16);
    buf[off + 2] = (byte) (value >>> 8);
    buf[off + 3] = (byte) value;
  }
}
