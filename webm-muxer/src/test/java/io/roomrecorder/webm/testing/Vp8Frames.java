package io.roomrecorder.webm.testing;

import java.util.Arrays;

/** Synthetic VP8 frames whose headers (RFC 6386 §9.1) are valid; the rest is filler. */
public final class Vp8Frames {
  private Vp8Frames() {}

  /** A key frame of {@code size} octets (at least 10) announcing {@code width}x{@code height}. */
  public static byte[] keyframe(int width, int height, int size) {
    byte[] f = new byte[size];
    Arrays.fill(f, (byte) 0x5A);
    frameTag(f, true, size - 10);
    f[3] = (byte) 0x9d;
    f[4] = 0x01;
    f[5] = 0x2a;
    f[6] = (byte) width;
    f[7] = (byte) (width >>> 8);
    f[8] = (byte) height;
    f[9] = (byte) (height >>> 8);
    return f;
  }

  /** An interframe of {@code size} octets (at least 3). */
  public static byte[] interframe(int size) {
    byte[] f = new byte[size];
    Arrays.fill(f, (byte) 0x33);
    frameTag(f, false, size - 3);
    return f;
  }

  private static void frameTag(byte[] f, boolean key, int firstPartitionSize) {
    // key_frame bit 0 (0 = key), version 0, show_frame 1, first_part_size in bits 5..23
    int tag = (key ? 0 : 1) | (1 << 4) | (Math.min(firstPartitionSize, 0x7FFFF) << 5);
    f[0] = (byte) tag;
    f[1] = (byte) (tag >>> 8);
    f[2] = (byte) (tag >>> 16);
  }

  /** A 20 ms CELT fullband stereo Opus packet (TOC config 31, s=1, code 0) of {@code size}. */
  public static byte[] opus20ms(int size) {
    byte[] p = new byte[size];
    Arrays.fill(p, (byte) 0x11);
    p[0] = (byte) 0xFC;
    return p;
  }
}
