package io.roomrecorder.rtp.rtcp;

/**
 * One RR/SR report block (RFC 3550 §6.4.1), mutable so a receiver reuses one per source instead of
 * allocating each reporting interval. Filled by {@link
 * io.roomrecorder.rtp.ReorderBuffer#fillReport} and written by {@link RtcpWriter#receiverReport}.
 *
 * <p><b>Thread-safety:</b> none; owned by one stream's thread.
 */
public final class ReceptionReport {
  /** SSRC of the source reported on. */
  public long sourceSsrc;

  /** Fraction lost since the previous report, 8-bit fixed point (lost/expected × 256). */
  public int fractionLost;

  /** Cumulative number of packets lost, clamped to the signed 24-bit range. */
  public int cumulativeLost;

  /** Cycles (16 bits) and highest sequence number received (16 bits). */
  public long extendedHighestSequence;

  /** Interarrival jitter in timestamp units (RFC 3550 A.8). */
  public long jitter;

  /** LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none. */
  public long lastSenderReport;

  /** DLSR: delay since that SR in 1/65536 s, 0 if none. */
  public long delaySinceLastSenderReport;
}
