package io.roomrecorder.rtp.opus;

/**
 * Reads and validates an Opus packet's framing (RFC 6716 §3.1 TOC byte, §3.2 frame packing, §3.4
 * requirements R1–R7) without allocating. Reusable: {@link #parse} overwrites the fields.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * | config  |s| c |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Thread-safety:</b> none.
 */
public final class OpusToc {
  /** RFC 6716 §3.2.1: no frame is longer than 1275 bytes. */
  public static final int MAX_FRAME_BYTES = 1275;

  /** Samples at 48 kHz of one frame for each of the 32 configurations (§3.1 Table 2). */
  private static final int[] FRAME_SAMPLES = new int[32];

  static {
    int[] silk = {480, 960, 1920, 2880}; // 10, 20, 40, 60 ms
    int[] celt = {120, 240, 480, 960}; // 2.5, 5, 10, 20 ms
    for (int c = 0; c < 32; c++) {
      if (c < 12) {
        FRAME_SAMPLES[c] = silk[c % 4];
      } else if (c < 16) {
        FRAME_SAMPLES[c] = c % 2 == 0 ? 480 : 960; // hybrid 10, 20 ms
      } else {
        FRAME_SAMPLES[c] = celt[c % 4];
      }
    }
  }

  /** Configuration number 0–31 (mode, bandwidth, frame size). */
  public int config;

  public boolean stereo;

  /** Frame-count code c (0–3). */
  public int code;

  public int frameCount;

  /** Duration of the whole packet in 48 kHz samples (RFC 7587 §4.1: the RTP clock). */
  public int durationSamples;

  /**
   * Parses {@code buf[off, off+len)}.
   *
   * @return true if the packet satisfies RFC 6716 §3.4; fields are undefined otherwise
   */
  public boolean parse(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
      return false; // R1: at least one byte
    }
    int toc = buf[off] & 0xFF;
    config = toc >>> 3;
    stereo = (toc & 0x04) != 0;
    code = toc & 0x03;
    int frameSamples = FRAME_SAMPLES[config];
    int rest = len - 1;
    int p = off + 1;
    switch (code) {
      case 0 -> {
        frameCount = 1;
        if (rest > MAX_FRAME_BYTES) {
          return false; // R2
        }
      }
      case 1 -> {
        frameCount = 2;
        if ((rest & 1) != 0 || rest / 2 > MAX_FRAME_BYTES) {
          return false; // R3
        }
      }
      case 2 -> {
        frameCount = 2;
        int n = frameLength(buf, p, rest);
        if (n < 0) {
          return false; // R4
        }
        int used = n < 252 ? 1 : 2;
        if (n > rest - used || rest - used - n > MAX_FRAME_BYTES) {
          return false; // R4
        }
      }
      default -> {
        // §3.2.5: frame count byte v|p|M(6), optional padding, CBR or VBR lengths
        if (rest < 1) {
          return false; // R6/R7
        }
        int fc = buf[p] & 0xFF;
        p++;
        rest--;
        boolean vbr = (fc & 0x80) != 0;
        boolean padded = (fc & 0x40) != 0;
        int m = fc & 0x3F;
        if (m == 0 || m * frameSamples > 5760) {
          return false; // R5: at least one frame, at most 120 ms
        }
        frameCount = m;
        int padding = 0;
        if (padded) {
          while (true) {
            if (rest < 1) {
              return false;
            }
            int b = buf[p] & 0xFF;
            p++;
            rest--;
            if (b == 255) {
              padding += 254;
            } else {
              padding += b;
              break;
            }
          }
        }
        if (padding > rest) {
          return false;
        }
        rest -= padding;
        if (!vbr) {
          if (rest % m != 0 || rest / m > MAX_FRAME_BYTES) {
            return false; // R6
          }
        } else {
          for (int i = 0; i < m - 1; i++) {
            int n = frameLength(buf, p, rest);
            if (n < 0) {
              return false;
            }
            int used = n < 252 ? 1 : 2;
            p += used;
            rest -= used;
            if (n > rest) {
              return false; // R7
            }
            rest -= n;
          }
          if (rest > MAX_FRAME_BYTES) {
            return false; // R7
          }
        }
      }
    }
    durationSamples = frameCount * frameSamples;
    return true;
  }

  /** §3.2.1 one- or two-byte frame length at buf[p], or -1 if it does not fit in {@code avail}. */
  private static int frameLength(byte[] buf, int p, int avail) {
    if (avail < 1) {
      return -1;
    }
    int b0 = buf[p] & 0xFF;
    if (b0 < 252) {
      return b0;
    }
    if (avail < 2) {
      return -1;
    }
    return (buf[p + 1] & 0xFF) * 4 + b0;
  }
}
