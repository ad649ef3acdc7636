package io.roomrecorder.core.transport;

/**
 * What a datagram on a WebRTC 5-tuple is, by its first byte (RFC 7983 §7, updating RFC 5764
 * §5.1.2):
 *
 * <pre>
 *                 +----------------+
 *                 |        [0..3] -+--&gt; STUN
 *                 |      [16..19] -+--&gt; ZRTP
 *     packet --&gt;  |      [20..63] -+--&gt; DTLS
 *                 |      [64..79] -+--&gt; TURN Channel
 *                 |    [128..191] -+--&gt; RTP/RTCP
 *                 +----------------+
 * </pre>
 *
 * RTP and RTCP are told apart by the second byte (RFC 5761 §4): RTCP packet types 192–223 (SR 200,
 * RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, XR 207 …), i.e. RTP payload types 64–95
 * with the marker bit, which RFC 5761 forbids as RTP payload types when muxing.
 */
public enum PacketClass {
  STUN,
  ZRTP,
  DTLS,
  TURN_CHANNEL,
  RTP,
  RTCP,
  /** First byte in none of the ranges, or an empty datagram. */
  UNKNOWN;

  /** Classifies {@code buffer[offset..offset+length)} without looking past its end. */
  public static PacketClass of(byte[] buffer, int offset, int length) {
    if (length <= 0) {
      return UNKNOWN;
    }
    int b = buffer[offset] & 0xFF;
    if (b <= 3) {
      return STUN;
    }
    if (b >= 16 && b <= 19) {
      return ZRTP;
    }
    if (b >= 20 && b <= 63) {
      return DTLS;
    }
    if (b >= 64 && b <= 79) {
      return TURN_CHANNEL;
    }
    if (b >= 128 && b <= 191) {
      if (length >= 2) {
        int pt = buffer[offset + 1] & 0xFF;
        if (pt >= 192 && pt <= 223) {
          return RTCP;
        }
      }
      return RTP;
    }
    return UNKNOWN;
  }
}
