package io.roomrecorder.rtp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Test helpers: hex literals, junk around a view, and an RTP packet writer. */
public final class TestBytes {
  private TestBytes() {}

  /** Where a parser test places its view: at 0 with nothing around, or inside junk. */
  public static final int[] OFFSETS = {0, 13};

  public static byte[] hex(String s) {
    String t = s.replaceAll("[^0-9a-fA-F]", "");
    byte[] b = new byte[t.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /**
   * Copies {@code data} into a new array at {@code offset}, with 0xA5 junk before it and 11 junk
   * bytes after it (a junk byte that would be read as padding or a length if a parser overran).
   */
  public static byte[] embed(byte[] data, int offset) {
    byte[] b = new byte[offset + data.length + (offset == 0 ? 0 : 11)];
    Arrays.fill(b, (byte) 0xA5);
    System.arraycopy(data, 0, b, offset, data.length);
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** A plain RTP packet (RFC 3550 §5.1) without CSRCs, extension or padding. */
  public static byte[] rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | pt);
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    put32(b, 4, ts);
    put32(b, 8, ssrc);
    System.arraycopy(payload, 0, b, 12, payload.length);
    return b;
  }

  public static void put32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
