package io.roomrecorder.rtp.rtcp;

/**
 * Builders for the RTCP a receiver sends (RR, SDES CNAME, BYE, generic NACK, PLI, FIR, REMB,
 * transport-cc feedback). Each writes one sub-packet into a caller-provided array at {@code off}
 * and returns the number of bytes written (a multiple of 4), so several calls concatenate into a
 * compound packet (RFC 3550 §6.1: RR first, then SDES CNAME, then feedback). No allocation.
 *
 * <p>Too small an output array, or arguments outside their wire ranges, are caller bugs: they throw
 * {@link IllegalArgumentException} naming the rule before anything is written.
 *
 * <p><b>Thread-safety:</b> stateless, safe from any thread. <b>Ownership:</b> borrows {@code out}
 * only during the call.
 */
public final class RtcpWriter {
  private RtcpWriter() {}

  /** Bytes needed by {@link #receiverReport} for {@code count} blocks. */
  public static int receiverReportLength(int count) {
    return 8 + 24 * count;
  }

  /**
   * Receiver report (RFC 3550 §6.4.2) with {@code count} (0–31) report blocks.
   *
   * @return bytes written
   */
  public static int receiverReport(
      byte[] out, int off, long senderSsrc, ReceptionReport[] blocks, int count) {
    require(count >= 0 && count <= 31, "RR report count must be 0..31");
    int n = receiverReportLength(count);
    room(out, off, n);
    header(out, off, count, RtcpParser.PT_RR, n);
    put32(out, off + 4, senderSsrc);
    int q = off + 8;
    for (int i = 0; i < count; i++, q += 24) {
      ReceptionReport r = blocks[i];
      put32(out, q, r.sourceSsrc);
      int cum = Math.max(-0x800000, Math.min(0x7FFFFF, r.cumulativeLost));
      put32(out, q + 4, ((long) (r.fractionLost & 0xFF) << 24) | (cum & 0xFFFFFF));
      put32(out, q + 8, r.extendedHighestSequence);
      put32(out, q + 12, r.jitter);
      put32(out, q + 16, r.lastSenderReport);
      put32(out, q + 20, r.delaySinceLastSenderReport);
    }
    return n;
  }

  /**
   * SDES with one chunk carrying the CNAME item (RFC 3550 §6.5.1), required in every compound
   * packet. {@code cname} is US-ASCII/UTF-8, at most 255 bytes.
   */
  public static int sdesCname(byte[] out, int off, long ssrc, byte[] cname) {
    require(cname.length <= 255, "CNAME is at most 255 bytes");
    // header 4 + SSRC 4 + type 1 + len 1 + text + at least one null octet, padded to 32 bits
    int n = (4 + 4 + 2 + cname.length + 1 + 3) & ~3;
    room(out, off, n);
    header(out, off, 1, RtcpParser.PT_SDES, n);
    put32(out, off + 4, ssrc);
    out[off + 8] = 1; // CNAME
    out[off + 9] = (byte) cname.length;
    System.arraycopy(cname, 0, out, off + 10, cname.length);
    for (int i = off + 10 + cname.length; i < off + n; i++) {
      out[i] = 0;
    }
    return n;
  }

  /** BYE for one SSRC (RFC 3550 §6.6), no reason. */
  public static int bye(byte[] out, int off, long ssrc) {
    room(out, off, 8);
    header(out, off, 1, RtcpParser.PT_BYE, 8);
    put32(out, off + 4, ssrc);
    return 8;
  }

  /** Upper bound of bytes {@link #nack} writes for {@code count} sequence numbers. */
  public static int nackMaxLength(int count) {
    return 12 + 4 * count;
  }

  /**
   * Generic NACK (RFC 4585 §6.2.1). {@code sequences[0, count)} are 16-bit sequence numbers in
   * ascending order modulo 2^16 (as {@link io.roomrecorder.rtp.ReorderBuffer#collectNacks} gives
   * them); each FCI entry covers a PID and the 16 following numbers in its BLP bitmask.
   *
   * @return bytes written (at most {@link #nackMaxLength})
   */
  public static int nack(
      byte[] out, int off, long senderSsrc, long mediaSsrc, int[] sequences, int count) {
    require(count >= 1, "a NACK carries at least one sequence number");
    room(out, off, nackMaxLength(count));
    int q = off + 12;
    int i = 0;
    while (i < count) {
      int pid = sequences[i] & 0xFFFF;
      int blp = 0;
      i++;
      while (i < count) {
        int d = (sequences[i] - pid) & 0xFFFF;
        if (d == 0) {
          i++; // repeated number: already covered
          continue;
        }
        if (d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        i++;
      }
      out[q] = (byte) (pid >>> 8);
      out[q + 1] = (byte) pid;
      out[q + 2] = (byte) (blp >>> 8);
      out[q + 3] = (byte) blp;
      q += 4;
    }
    int n = q - off;
    feedbackHeader(out, off, RtcpParser.FMT_NACK, RtcpParser.PT_RTPFB, n, senderSsrc, mediaSsrc);
    return n;
  }

  /** Picture Loss Indication (RFC 4585 §6.3.1): 12 bytes. */
  public static int pli(byte[] out, int off, long senderSsrc, long mediaSsrc) {
    room(out, off, 12);
    feedbackHeader(out, off, RtcpParser.FMT_PLI, RtcpParser.PT_PSFB, 12, senderSsrc, mediaSsrc);
    return 12;
  }

  /**
   * Full Intra Request (RFC 5104 §4.3.1) for one media sender: 20 bytes. The common header's media
   * source SSRC is 0 (§4.3.1.2); the FCI names the target and carries the command sequence number,
   * which the caller increments per new request (not per repetition).
   */
  public static int fir(
      byte[] out, int off, long senderSsrc, long targetSsrc, int commandSequence) {
    room(out, off, 20);
    feedbackHeader(out, off, RtcpParser.FMT_FIR, RtcpParser.PT_PSFB, 20, senderSsrc, 0);
    put32(out, off + 12, targetSsrc);
    out[off + 16] = (byte) commandSequence;
    out[off + 17] = 0;
    out[off + 18] = 0;
    out[off + 19] = 0;
    return 20;
  }

  /**
   * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb §2.2) for {@code ssrcs[0,
   * count)}. The bitrate is encoded as an 18-bit mantissa and 6-bit exponent, rounded down.
   */
  public static int remb(
      byte[] out, int off, long senderSsrc, long bitrateBps, long[] ssrcs, int count) {
    require(count >= 0 && count <= 255, "REMB carries 0..255 SSRCs");
    require(bitrateBps >= 0, "bitrate must not be negative");
    int n = 20 + 4 * count;
    room(out, off, n);
    feedbackHeader(out, off, RtcpParser.FMT_AFB, RtcpParser.PT_PSFB, n, senderSsrc, 0);
    int exp = 0;
    long mantissa = bitrateBps;
    while (mantissa >= (1 << 18)) {
      mantissa >>>= 1;
      exp++;
    }
    out[off + 12] = 'R';
    out[off + 13] = 'E';
    out[off + 14] = 'M';
    out[off + 15] = 'B';
    out[off + 16] = (byte) count;
    out[off + 17] = (byte) ((exp << 2) | (int) (mantissa >>> 16));
    out[off + 18] = (byte) (mantissa >>> 8);
    out[off + 19] = (byte) mantissa;
    for (int i = 0; i < count; i++) {
      put32(out, off + 20 + 4 * i, ssrcs[i]);
    }
    return n;
  }

  /** Upper bound of bytes {@link #transportCc} writes for {@code count} packets. */
  public static int transportCcMaxLength(int count) {
    return 20 + 2 * ((count + 6) / 7) + 2 * count + 3;
  }

  /**
   * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
   * §3.1) for the packets with transport-wide sequence numbers {@code baseSequence .. baseSequence
   * + count - 1}.
   *
   * <p>Statuses are written as two-bit status vector chunks (seven packets per chunk); receive
   * deltas in 250 µs units, one byte when 0–255, else two signed bytes. The reference time is the
   * first received packet's arrival in 64 ms units (24 bits, wrapping). The packet is padded to a
   * 32-bit boundary with the P bit, as libwebrtc does, so it must be the last sub-packet of its
   * compound (or alone, RFC 5506).
   *
   * @param arrivalTimesUs arrival time of each packet in microseconds on the receiver's monotonic
   *     clock (not negative), or -1 for a packet not received; at least one must be received, and
   *     consecutive received packets must arrive within ±8.19 s of each other (else split the
   *     feedback)
   * @param feedbackPacketCount this feedback's sequence number (8 bits, incremented per packet)
   * @return bytes written (at most {@link #transportCcMaxLength})
   */
  public static int transportCc(
      byte[] out,
      int off,
      long senderSsrc,
      long mediaSsrc,
      int baseSequence,
      long[] arrivalTimesUs,
      int count,
      int feedbackPacketCount) {
    require(count >= 1 && count <= 0xFFFF, "transport-cc covers 1..65535 packets");
    int first = 0;
    while (first < count && arrivalTimesUs[first] < 0) {
      first++;
    }
    require(first < count, "transport-cc feedback needs at least one received packet");
    long reference = arrivalTimesUs[first] / 64_000;
    // check every delta before writing anything
    long prev = reference * 256;
    for (int i = first; i < count; i++) {
      if (arrivalTimesUs[i] >= 0) {
        long ticks = (arrivalTimesUs[i] + 125) / 250;
        long d = ticks - prev;
        require(
            d >= Short.MIN_VALUE && d <= Short.MAX_VALUE,
            "transport-cc receive delta beyond 16 bits: split the feedback");
        prev = ticks;
      }
    }
    room(out, off, transportCcMaxLength(count));
    int q = off + 12;
    out[q] = (byte) (baseSequence >>> 8);
    out[q + 1] = (byte) baseSequence;
    out[q + 2] = (byte) (count >>> 8);
    out[q + 3] = (byte) count;
    out[q + 4] = (byte) (reference >>> 16);
    out[q + 5] = (byte) (reference >>> 8);
    out[q + 6] = (byte) reference;
    out[q + 7] = (byte) feedbackPacketCount;
    q += 8;
    int chunks = (count + 6) / 7;
    int deltaPos = q + 2 * chunks;
    prev = reference * 256;
    for (int c = 0; c < chunks; c++) {
      int chunk = 0xC000; // T=1 (status vector), S=1 (two-bit symbols)
      for (int k = 0; k < 7; k++) {
        int i = 7 * c + k;
        int symbol = 0; // not received (also for the unused tail of the last chunk)
        if (i < count && arrivalTimesUs[i] >= 0) {
          long ticks = (arrivalTimesUs[i] + 125) / 250;
          long d = ticks - prev;
          prev = ticks;
          if (d >= 0 && d <= 255) {
            symbol = 1; // small delta
            out[deltaPos++] = (byte) d;
          } else {
            symbol = 2; // large or negative delta
            out[deltaPos++] = (byte) (d >>> 8);
            out[deltaPos++] = (byte) d;
          }
        }
        chunk |= symbol << (12 - 2 * k);
      }
      out[q] = (byte) (chunk >>> 8);
      out[q + 1] = (byte) chunk;
      q += 2;
    }
    int n = deltaPos - off;
    int pad = (4 - (n & 3)) & 3;
    for (int i = 0; i < pad; i++) {
      out[deltaPos + i] = 0;
    }
    if (pad > 0) {
      out[deltaPos + pad - 1] = (byte) pad;
    }
    n += pad;
    feedbackHeader(
        out, off, RtcpParser.FMT_TRANSPORT_CC, RtcpParser.PT_RTPFB, n, senderSsrc, mediaSsrc);
    if (pad > 0) {
      out[off] |= 0x20;
    }
    return n;
  }

  private static void feedbackHeader(
      byte[] out, int off, int fmt, int pt, int n, long senderSsrc, long mediaSsrc) {
    header(out, off, fmt, pt, n);
    put32(out, off + 4, senderSsrc);
    put32(out, off + 8, mediaSsrc);
  }

  private static void header(byte[] out, int off, int countOrFmt, int pt, int totalBytes) {
    out[off] = (byte) (0x80 | countOrFmt);
    out[off + 1] = (byte) pt;
    int words = totalBytes / 4 - 1;
    out[off + 2] = (byte) (words >>> 8);
    out[off + 3] = (byte) words;
  }

  private static void put32(byte[] out, int i, long v) {
    out[i] = (byte) (v >>> 24);
    out[i + 1] = (byte) (v >>> 16);
    out[i + 2] = (byte) (v >>> 8);
    out[i + 3] = (byte) v;
  }

  private static void room(byte[] out, int off, int n) {
    if (off < 0 || off > out.length - n) {
      throw new IllegalArgumentException(
          "RTCP output needs " + n + " bytes at offset " + off + ", array has " + out.length);
    }
  }

  private static void require(boolean ok, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(rule);
    }
  }
}
