package io.roomrecorder.webm.codec;

/**
 * Duration of an Opus packet from its TOC octet (RFC 6716 §3.1) and, for code 3, its frame count
 * octet (§3.2.5), with the packet-level validity rules of §3.4 that can be checked without
 * decoding. Stateless and thread-safe.
 *
 * <pre>
 *    0 1 2 3 4 5 6 7
 *   +-+-+-+-+-+-+-+-+
 *   | config  |s| c |   config: mode and frame size (Table 2), s: stereo, c: frames code
 *   +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class OpusPacket {
  /** Samples per second of every Opus duration (RFC 7845 §4: granule positions at 48 kHz). */
  public static final int SAMPLE_RATE = 48_000;

  /** Longest packet duration, 120 ms at 48 kHz (RFC 6716 §3.2.5, [R5]). */
  public static final int MAX_SAMPLES = 5760;

  /** SILK-only frame sizes for config % 4: 10, 20, 40, 60 ms. */
  private static final int[] SILK_FRAME_SAMPLES = {480, 960, 1920, 2880};

  private OpusPacket() {}

  /** Samples at 48 kHz of one frame for a TOC config number (RFC 6716 §3.1, Table 2). */
  static int frameSamples(int config) {
    if (config < 12) { // SILK-only: 10, 20, 40, 60 ms
      return SILK_FRAME_SAMPLES[config & 3];
    } else if (config < 16) { // Hybrid: 10, 20 ms
      return (config & 1) == 0 ? 480 : 960;
    }
    return 120 << (config & 3); // CELT-only: 2.5, 5, 10, 20 ms
  }

  /**
   * Duration of the packet in {@code [off, off + len)} in samples at 48 kHz, or -1 if it breaks a
   * rule checkable from its first octets: empty ([R1]), code 1 with an odd payload ([R3]), code 2
   * or 3 too short for its header, code 3 with zero frames or more than 120 ms ([R5]).
   */
  public static int samples(byte[] buf, int off, int len) {
    if (len < 1) {
      return -1;
    }
    int toc = buf[off] & 0xFF;
    int perFrame = frameSamples(toc >>> 3);
    switch (toc & 3) {
      case 0:
        return perFrame;
      case 1:
        return (len - 1) % 2 == 0 ? 2 * perFrame : -1;
      case 2:
        return len >= 2 ? 2 * perFrame : -1;
      default:
        if (len < 2) {
          return -1;
        }
        int frames = buf[off + 1] & 0x3F;
        int total = frames * perFrame;
        return frames == 0 || total > MAX_SAMPLES ? -1 : total;
    }
  }
}
