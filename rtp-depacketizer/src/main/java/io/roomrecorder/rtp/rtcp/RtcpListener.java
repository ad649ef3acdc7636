package io.roomrecorder.rtp.rtcp;

/**
 * Receives the fields of each sub-packet found by {@link RtcpParser#parse}, in wire order, on the
 * parsing thread. Every method has an empty default so a consumer implements only what it uses.
 * SSRCs and 32-bit fields are unsigned values in a {@code long}.
 *
 * <p><b>Ownership:</b> array arguments are the parser's input, borrowed for the duration of the
 * call only.
 */
public interface RtcpListener {
  /**
   * Sender report sender info (RFC 3550 §6.4.1). {@code ntpTimestamp} is the 64-bit NTP timestamp
   * (32.32 fixed point seconds since 1900) as an unsigned value in a long.
   */
  default void onSenderReport(
      long senderSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {}

  /**
   * One report block of an SR or RR (RFC 3550 §6.4.1). {@code cumulativeLost} is the signed 24-bit
   * value; {@code lastSenderReport} is LSR (middle 32 bits of NTP), {@code
   * delaySinceLastSenderReport} DLSR in 1/65536 s.
   */
  default void onReceptionReport(
      long reporterSsrc,
      long sourceSsrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSequence,
      long jitter,
      long lastSenderReport,
      long delaySinceLastSenderReport) {}

  /** One SDES item (RFC 3550 §6.5): type 1 is CNAME; the text is {@code buf[off, off+len)}. */
  default void onSdesItem(long ssrc, int itemType, byte[] buf, int off, int len) {}

  /** One SSRC leaving (RFC 3550 §6.6). */
  default void onBye(long ssrc) {}

  /**
   * One generic NACK FCI entry (RFC 4585 §6.2.1): packet {@code pid} and the 16-bit bitmask of lost
   * packets following it.
   */
  default void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {}

  /** Picture Loss Indication (RFC 4585 §6.3.1). */
  default void onPictureLossIndication(long senderSsrc, long mediaSsrc) {}

  /** One Full Intra Request FCI entry (RFC 5104 §4.3.1) addressed to {@code targetSsrc}. */
  default void onFullIntraRequest(long senderSsrc, long targetSsrc, int commandSequence) {}

  /**
   * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb §2.2). The SSRCs it applies to
   * are {@code ssrcCount} 32-bit big-endian values starting at {@code buf[ssrcOff]}.
   */
  default void onRemb(long senderSsrc, long bitrateBps, byte[] buf, int ssrcOff, int ssrcCount) {}

  /**
   * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
   * §3.1): header fields decoded, the packet status chunks and receive deltas left in {@code
   * buf[fciOff, fciOff+fciLen)} (recognised, not decoded: a recorder does not send media).
   */
  default void onTransportCcFeedback(
      long senderSsrc,
      long mediaSsrc,
      int baseSequence,
      int packetStatusCount,
      int referenceTime,
      int feedbackPacketCount,
      byte[] buf,
      int fciOff,
      int fciLen) {}

  /** Any other sub-packet (APP, XR, unknown feedback): type, FMT/count field and whole body. */
  default void onOther(int packetType, int countOrFormat, byte[] buf, int off, int len) {}
}
