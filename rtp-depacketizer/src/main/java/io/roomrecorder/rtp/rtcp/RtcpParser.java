package io.roomrecorder.rtp.rtcp;

/**
 * Validating parser for (compound) RTCP packets, RFC 3550 §6 and A.2, RFC 4585 §6, RFC 5104 §4.3,
 * draft-alvestrand-rmcat-remb.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |   length (32-bit words - 1)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The compound structure is checked first (every version 2, lengths adding up exactly, padding
 * only on the last sub-packet as RFC 3550 A.2 requires); if that fails nothing is reported. The
 * "first packet must be SR or RR" rule of A.2 is deliberately not enforced: reduced-size RTCP (RFC
 * 5506), which browsers negotiate with {@code a=rtcp-rsize}, sends a lone PLI or NACK. A sub-packet
 * whose body is inconsistent is skipped and counted ({@link RtcpParseStatus#PARTIAL}). Never throws
 * on any input; no allocation.
 *
 * <p><b>Thread-safety:</b> none (counters); one instance per session thread. <b>Ownership:</b> the
 * input array is borrowed for the duration of {@link #parse} and handed to the listener only for
 * the duration of each callback.
 */
public final class RtcpParser {
  public static final int PT_SR = 200;
  public static final int PT_RR = 201;
  public static final int PT_SDES = 202;
  public static final int PT_BYE = 203;
  public static final int PT_APP = 204;
  public static final int PT_RTPFB = 205;
  public static final int PT_PSFB = 206;

  /** RTPFB FMT values: RFC 4585 §6.2.1 generic NACK, transport-cc draft §3.1. */
  public static final int FMT_NACK = 1;

  public static final int FMT_TRANSPORT_CC = 15;

  /** PSFB FMT values: RFC 4585 §6.3 PLI, RFC 5104 §4.3.1 FIR, RFC 4585 §6.4 AFB (REMB). */
  public static final int FMT_PLI = 1;

  public static final int FMT_FIR = 4;
  public static final int FMT_AFB = 15;

  private long datagrams;
  private long accepted;
  private long tooShort;
  private long badVersion;
  private long badLength;
  private long badPadding;
  private long subpackets;
  private long malformedSubpackets;
  private long otherSubpackets;

  /**
   * Parses {@code buf[offset, offset+length)} and reports each sub-packet to {@code listener}.
   *
   * @return {@link RtcpParseStatus#OK}, {@link RtcpParseStatus#PARTIAL}, or why the whole datagram
   *     was rejected
   */
  public RtcpParseStatus parse(byte[] buf, int offset, int length, RtcpListener listener) {
    datagrams++;
    RtcpParseStatus s = validate(buf, offset, length);
    switch (s) {
      case TOO_SHORT -> tooShort++;
      case BAD_VERSION -> badVersion++;
      case BAD_LENGTH -> badLength++;
      case BAD_PADDING -> badPadding++;
      case OK, PARTIAL -> accepted++;
    }
    if (s != RtcpParseStatus.OK) {
      return s;
    }
    boolean partial = false;
    int end = offset + length;
    int p = offset;
    while (p < end) {
      int b0 = buf[p] & 0xFF;
      int count = b0 & 0x1F;
      int pt = buf[p + 1] & 0xFF;
      int total = 4 * (u16(buf, p + 2) + 1);
      int bodyEnd = p + total;
      if ((b0 & 0x20) != 0) {
        bodyEnd -= buf[p + total - 1] & 0xFF; // validated: last sub-packet only
      }
      subpackets++;
      if (!dispatch(buf, p, count, pt, bodyEnd, listener)) {
        malformedSubpackets++;
        partial = true;
      }
      p += total;
    }
    return partial ? RtcpParseStatus.PARTIAL : RtcpParseStatus.OK;
  }

  private static RtcpParseStatus validate(byte[] buf, int offset, int length) {
    if (buf == null || offset < 0 || length < 4 || offset > buf.length - length) {
      return RtcpParseStatus.TOO_SHORT;
    }
    int end = offset + length;
    int p = offset;
    while (p < end) {
      if (end - p < 4) {
        return RtcpParseStatus.BAD_LENGTH;
      }
      int b0 = buf[p] & 0xFF;
      if ((b0 >>> 6) != 2) {
        return RtcpParseStatus.BAD_VERSION;
      }
      int total = 4 * (u16(buf, p + 2) + 1);
      if (total > end - p) {
        return RtcpParseStatus.BAD_LENGTH;
      }
      if ((b0 & 0x20) != 0) {
        if (p + total != end) {
          return RtcpParseStatus.BAD_PADDING; // A.2: padding only on the last packet
        }
        int pad = buf[end - 1] & 0xFF;
        if (pad == 0 || pad > total - 4) {
          return RtcpParseStatus.BAD_PADDING;
        }
      }
      p += total;
    }
    return RtcpParseStatus.OK;
  }

  /** Reports one sub-packet; returns false if its body is inconsistent (nothing reported then). */
  private boolean dispatch(byte[] b, int p, int count, int pt, int end, RtcpListener l) {
    int body = p + 4;
    switch (pt) {
      case PT_SR -> {
        // RFC 3550 §6.4.1: SSRC, NTP (8), RTP ts, packet count, octet count, then report blocks.
        if (end - body < 24 + 24 * count) {
          return false;
        }
        long ssrc = u32(b, body);
        long ntp = (u32(b, body + 4) << 32) | u32(b, body + 8);
        l.onSenderReport(ssrc, ntp, u32(b, body + 12), u32(b, body + 16), u32(b, body + 20));
        reportBlocks(b, body + 24, count, ssrc, l);
        return true;
      }
      case PT_RR -> {
        if (end - body < 4 + 24 * count) {
          return false;
        }
        reportBlocks(b, body + 4, count, u32(b, body), l);
        return true;
      }
      case PT_SDES -> {
        return sdes(b, body, count, end, l);
      }
      case PT_BYE -> {
        // RFC 3550 §6.6: SC SSRC/CSRCs, then an optional length-prefixed reason.
        if (end - body < 4 * count) {
          return false;
        }
        for (int i = 0; i < count; i++) {
          l.onBye(u32(b, body + 4 * i));
        }
        return true;
      }
      case PT_RTPFB -> {
        return transportFeedback(b, p, count, body, end, l);
      }
      case PT_PSFB -> {
        return payloadFeedback(b, p, count, body, end, l);
      }
      default -> {
        otherSubpackets++;
        l.onOther(pt, count, b, body, end - body);
        return true;
      }
    }
  }

  private static void reportBlocks(byte[] b, int q, int count, long reporter, RtcpListener l) {
    for (int i = 0; i < count; i++, q += 24) {
      int cum = (int) (u32(b, q + 4) & 0xFFFFFF);
      if ((cum & 0x800000) != 0) {
        cum |= 0xFF000000; // signed 24-bit
      }
      l.onReceptionReport(
          reporter,
          u32(b, q),
          b[q + 4] & 0xFF,
          cum,
          u32(b, q + 8),
          u32(b, q + 12),
          u32(b, q + 16),
          u32(b, q + 20));
    }
  }

  /**
   * RFC 3550 §6.5: SC chunks, each an SSRC then items (type, length, text) ended by a zero byte and
   * padded to a 32-bit boundary. Validated completely before anything is reported.
   */
  private static boolean sdes(byte[] b, int body, int count, int end, RtcpListener l) {
    for (int pass = 0; pass < 2; pass++) {
      int q = body;
      for (int c = 0; c < count; c++) {
        if (end - q < 4) {
          return false;
        }
        long ssrc = u32(b, q);
        q += 4;
        while (true) {
          if (q >= end) {
            return false;
          }
          int type = b[q] & 0xFF;
          if (type == 0) {
            q = ((q - body) / 4 + 1) * 4 + body; // skip the null item and pad to a word
            break;
          }
          if (end - q < 2) {
            return false;
          }
          int n = b[q + 1] & 0xFF;
          if (n > end - q - 2) {
            return false;
          }
          if (pass == 1) {
            l.onSdesItem(ssrc, type, b, q + 2, n);
          }
          q += 2 + n;
        }
        if (q > end) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean transportFeedback(byte[] b, int p, int fmt, int body, int end, RtcpListener l) {
    // RFC 4585 §6.1: sender SSRC, media SSRC, FCI.
    if (end - body < 8) {
      return false;
    }
    long sender = u32(b, body);
    long media = u32(b, body + 4);
    int fci = body + 8;
    if (fmt == FMT_NACK) {
      int n = (end - fci) / 4;
      if (n == 0) {
        return false; // RFC 4585 §6.2.1: at least one FCI entry
      }
      for (int i = 0; i < n; i++) {
        l.onNack(sender, media, u16(b, fci + 4 * i), u16(b, fci + 4 * i + 2));
      }
      return true;
    }
    if (fmt == FMT_TRANSPORT_CC) {
      // base seq (16), status count (16), reference time (24, signed, 64 ms), fb pkt count (8)
      if (end - fci < 8) {
        return false;
      }
      int ref = (int) (u32(b, fci + 4) >>> 8);
      if ((ref & 0x800000) != 0) {
        ref |= 0xFF000000;
      }
      l.onTransportCcFeedback(
          sender,
          media,
          u16(b, fci),
          u16(b, fci + 2),
          ref,
          b[fci + 7] & 0xFF,
          b,
          fci + 8,
          end - fci - 8);
      return true;
    }
    otherSubpackets++;
    l.onOther(PT_RTPFB, fmt, b, body, end - body);
    return true;
  }

  private boolean payloadFeedback(byte[] b, int p, int fmt, int body, int end, RtcpListener l) {
    if (end - body < 8) {
      return false;
    }
    long sender = u32(b, body);
    long media = u32(b, body + 4);
    int fci = body + 8;
    switch (fmt) {
      case FMT_PLI -> {
        l.onPictureLossIndication(sender, media);
        return true;
      }
      case FMT_FIR -> {
        // RFC 5104 §4.3.1.1: entries of SSRC (32), Seq nr (8), Reserved (24).
        int n = (end - fci) / 8;
        if (n == 0) {
          return false;
        }
        for (int i = 0; i < n; i++) {
          l.onFullIntraRequest(sender, u32(b, fci + 8 * i), b[fci + 8 * i + 4] & 0xFF);
        }
        return true;
      }
      case FMT_AFB -> {
        // draft-alvestrand-rmcat-remb §2.2: 'R' 'E' 'M' 'B', Num SSRC (8), BR Exp (6), BR
        // Mantissa (18), then Num SSRC feedback SSRCs.
        if (end - fci >= 8
            && b[fci] == 'R'
            && b[fci + 1] == 'E'
            && b[fci + 2] == 'M'
            && b[fci + 3] == 'B') {
          int num = b[fci + 4] & 0xFF;
          if (end - fci - 8 < 4 * num) {
            return false;
          }
          int exp = (b[fci + 5] & 0xFF) >>> 2;
          long mantissa = ((b[fci + 5] & 0x03L) << 16) | u16(b, fci + 6);
          long bitrate = exp > 45 ? Long.MAX_VALUE : mantissa << exp; // 18+45 bits fit a long
          l.onRemb(sender, bitrate, b, fci + 8, num);
          return true;
        }
        otherSubpackets++;
        l.onOther(PT_PSFB, fmt, b, body, end - body);
        return true;
      }
      default -> {
        otherSubpackets++;
        l.onOther(PT_PSFB, fmt, b, body, end - body);
        return true;
      }
    }
  }

  /** Counter snapshot. */
  public RtcpStats stats() {
    return new RtcpStats(
        datagrams,
        accepted,
        tooShort,
        badVersion,
        badLength,
        badPadding,
        subpackets,
        malformedSubpackets,
        otherSubpackets);
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }
}
