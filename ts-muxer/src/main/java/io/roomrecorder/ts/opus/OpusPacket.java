package io.roomrecorder.ts.opus;

/**
 * Reads an Opus packet's TOC byte and frame count (RFC 6716 §3.1, §3.2) to get its duration.
 * Stateless and thread-safe; borrows the caller's array only for the call.
 */
public final class OpusPacket {
  /** Samples per frame at 48 kHz by TOC config (RFC 6716 Table 2). */
  private static final int[] FRAME_SAMPLES = new int[32];

  static {
    int[] silk = {480, 960, 1920, 2880};
    int[] celt = {120, 240, 480, 960};
    for (int config = 0; config < 32; config++) {
      if (config < 12) {
        FRAME_SAMPLES[config] = silk[config & 3];
      } else if (config < 16) {
        FRAME_SAMPLES[config] = (config & 1) == 0 ? 480 : 960;
      } else {
        FRAME_SAMPLES[config] = celt[config & 3];
      }
    }
  }

  /** RFC 6716 §3.4 R5: a packet holds at most 120 ms of audio. */
  public static final int MAX_SAMPLES_48K = 5760;

  private OpusPacket() {}

  /**
   * Duration in 48 kHz samples of the packet at {@code b[off, off+len)}, or -1 when the framing
   * breaks RFC 6716 §3.4 (empty packet R1, odd code-1 payload R3, short code-2/3 packets R4/R6,
   * zero frames or more than 120 ms R5).
   */
  public static int durationSamples48k(byte[] b, int off, int len) {
    if (len < 1) {
      return -1;
    }
    int toc = b[off] & 0xFF;
    int frameSamples = FRAME_SAMPLES[toc >> 3];
    int frames;
    switch (toc & 3) {
      case 0 -> frames = 1;
      case 1 -> {
        if ((len - 1) % 2 != 0) {
          return -1;
        }
        frames = 2;
      }
      case 2 -> {
        if (len < 2) {
          return -1;
        }
        int first = b[off + 1] & 0xFF;
        int lengthBytes = 1;
        if (first >= 252) {
          if (len < 3) {
            return -1;
          }
          first += (b[off + 2] & 0xFF) * 4;
          lengthBytes = 2;
        }
        if (first > len - 1 - lengthBytes) {
          return -1;
        }
        frames = 2;
      }
      default -> {
        if (len < 2) {
          return -1;
        }
        frames = b[off + 1] & 0x3F;
        if (frames == 0) {
          return -1;
        }
      }
    }
    int samples = frames * frameSamples;
    return samples > MAX_SAMPLES_48K ? -1 : samples;
  }
}
