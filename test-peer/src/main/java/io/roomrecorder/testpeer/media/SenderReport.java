package io.roomrecorder.testpeer.media;

/**
 * Builds an RTCP sender report without report blocks (RFC 3550 §6.4.1), the packet a receiver uses
 * to map the sender's RTP clock to wall-clock (NTP) time for A/V sync.
 */
public final class SenderReport {
  /** Length in bytes of a sender report without report blocks. */
  public static final int LENGTH = 28;

  /** Seconds between the NTP epoch (1900) and the Unix epoch (1970), RFC 868. */
  static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

  private SenderReport() {}

  /**
   * Writes a sender report into {@code buf} at {@code off}; returns {@link #LENGTH}.
   *
   * @param wallClockMicros the sender's wall clock in microseconds since the Unix epoch
   */
  public static int write(
      byte[] buf,
      int off,
      long ssrc,
      long wallClockMicros,
      long rtpTimestamp,
      long packetCount,
      long octetCount) {
    buf[off] = (byte) 0x80; // V=2, P=0, RC=0
    buf[off + 1] = (byte) 200; // PT=SR
    buf[off + 2] = 0;
    buf[off + 3] = 6; // length in 32-bit words minus one
    RtpHeader.writeInt(buf, off + 4, ssrc);
    long seconds = wallClockMicros / 1_000_000 + NTP_UNIX_OFFSET_SECONDS;
    long fraction = ((wallClockMicros % 1_000_000) << 32) / 1_000_000;
    RtpHeader.writeInt(buf, off + 8, seconds);
    RtpHeader.writeInt(buf, off + 12, fraction);
    RtpHeader.writeInt(buf, off + 16, rtpTimestamp);
    RtpHeader.writeInt(buf, off + 20, packetCount);
    RtpHeader.writeInt(buf, off + 24, octetCount);
    return LENGTH;
  }
}
