package io.roomrecorder.rtp.h264;

/**
 * Reads the fields of a sequence parameter set needed to know the picture size (ITU-T H.264
 * §7.3.2.1.1 syntax, §7.4.2.1.1 semantics), including frame cropping. Reusable: {@link #parse}
 * overwrites the fields; no allocation once the internal RBSP scratch array is large enough.
 *
 * <p><b>Thread-safety:</b> none; one instance per depacketizer.
 */
public final class H264Sps {
  private static final int MAX_DIMENSION = 16384;

  public int profileIdc;
  public int levelIdc;
  public int spsId;
  public int chromaFormatIdc;
  public boolean frameMbsOnly;

  /** Displayed width and height in luma samples after cropping. */
  public int width;

  public int height;

  private byte[] rbsp = new byte[64];
  private int rbspLen;
  private int bitPos;

  /**
   * Parses a NAL unit (starting with its one-byte header, type 7) at {@code buf[off, off+len)}.
   *
   * @return false if it is not an SPS or is truncated or out of range (fields then undefined);
   *     never throws
   */
  public boolean parse(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 4 || off > buf.length - len) {
      return false;
    }
    if ((buf[off] & 0x1F) != 7) {
      return false;
    }
    unescape(buf, off + 1, len - 1);
    bitPos = 0;
    try {
      return read();
    } catch (Truncated e) {
      return false;
    }
  }

  /** Removes emulation prevention bytes (§7.4.1: 0x000003 → 0x0000). */
  private void unescape(byte[] buf, int off, int len) {
    if (rbsp.length < len) {
      rbsp = new byte[Math.max(len, rbsp.length * 2)];
    }
    int n = 0;
    int zeros = 0;
    for (int i = off; i < off + len; i++) {
      int b = buf[i] & 0xFF;
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      rbsp[n++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    rbspLen = n;
  }

  private boolean read() {
    profileIdc = bits(8);
    bits(8); // constraint_set flags, reserved_zero_2bits
    levelIdc = bits(8);
    long id = ue();
    if (id > 31) {
      return false;
    }
    spsId = (int) id;
    chromaFormatIdc = 1;
    boolean separateColourPlane = false;
    if (profileIdc == 100
        || profileIdc == 110
        || profileIdc == 122
        || profileIdc == 244
        || profileIdc == 44
        || profileIdc == 83
        || profileIdc == 86
        || profileIdc == 118
        || profileIdc == 128
        || profileIdc == 138
        || profileIdc == 139
        || profileIdc == 134
        || profileIdc == 135) {
      long cf = ue();
      if (cf > 3) {
        return false;
      }
      chromaFormatIdc = (int) cf;
      if (chromaFormatIdc == 3) {
        separateColourPlane = bits(1) == 1;
      }
      if (ue() > 6 || ue() > 6) { // bit_depth_luma_minus8, bit_depth_chroma_minus8
        return false;
      }
      bits(1); // qpprime_y_zero_transform_bypass_flag
      if (bits(1) == 1) { // seq_scaling_matrix_present_flag
        int lists = chromaFormatIdc != 3 ? 8 : 12;
        for (int i = 0; i < lists; i++) {
          if (bits(1) == 1) {
            skipScalingList(i < 6 ? 16 : 64);
          }
        }
      }
    }
    if (ue() > 12) { // log2_max_frame_num_minus4
      return false;
    }
    long pocType = ue();
    if (pocType == 0) {
      if (ue() > 12) { // log2_max_pic_order_cnt_lsb_minus4
        return false;
      }
    } else if (pocType == 1) {
      bits(1); // delta_pic_order_always_zero_flag
      se(); // offset_for_non_ref_pic
      se(); // offset_for_top_to_bottom_field
      long cycle = ue();
      if (cycle > 255) {
        return false;
      }
      for (int i = 0; i < cycle; i++) {
        se();
      }
    } else if (pocType != 2) {
      return false;
    }
    ue(); // max_num_ref_frames
    bits(1); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = ue() + 1;
    long heightMapUnits = ue() + 1;
    frameMbsOnly = bits(1) == 1;
    if (!frameMbsOnly) {
      bits(1); // mb_adaptive_frame_field_flag
    }
    bits(1); // direct_8x8_inference_flag
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (bits(1) == 1) { // frame_cropping_flag
      cropLeft = ue();
      cropRight = ue();
      cropTop = ue();
      cropBottom = ue();
    }
    int fieldFactor = frameMbsOnly ? 1 : 2;
    long w = widthMbs * 16;
    long h = heightMapUnits * 16 * fieldFactor;
    // §7.4.2.1.1: crop units depend on ChromaArrayType
    int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    int cropUnitX;
    int cropUnitY;
    if (chromaArrayType == 0) {
      cropUnitX = 1;
      cropUnitY = fieldFactor;
    } else {
      int subWidthC = chromaArrayType == 3 ? 1 : 2;
      int subHeightC = chromaArrayType == 1 ? 2 : 1;
      cropUnitX = subWidthC;
      cropUnitY = subHeightC * fieldFactor;
    }
    w -= cropUnitX * (cropLeft + cropRight);
    h -= cropUnitY * (cropTop + cropBottom);
    if (w <= 0 || h <= 0 || w > MAX_DIMENSION || h > MAX_DIMENSION) {
      return false;
    }
    width = (int) w;
    height = (int) h;
    return true;
  }

  private void skipScalingList(int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        long delta = se();
        next = (int) ((last + delta + 256) % 256);
        if (next < 0) {
          next += 256;
        }
      }
      last = next == 0 ? last : next;
    }
  }

  private int bits(int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      if (bitPos >= rbspLen * 8) {
        throw Truncated.INSTANCE;
      }
      int bit = (rbsp[bitPos >>> 3] >>> (7 - (bitPos & 7))) & 1;
      v = (v << 1) | bit;
      bitPos++;
    }
    return v;
  }

  /** Exp-Golomb ue(v), §9.1; values beyond 32 leading zeros are treated as truncation. */
  private long ue() {
    int zeros = 0;
    while (bits(1) == 0) {
      zeros++;
      if (zeros > 31) {
        throw Truncated.INSTANCE;
      }
    }
    if (zeros == 0) {
      return 0;
    }
    long rest = 0;
    for (int i = 0; i < zeros; i++) {
      rest = (rest << 1) | bits(1);
    }
    return (1L << zeros) - 1 + rest;
  }

  /** se(v), §9.1.1. */
  private long se() {
    long k = ue();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }

  /** Control flow for running off the end of the RBSP; preallocated, no stack trace. */
  private static final class Truncated extends RuntimeException {
    static final Truncated INSTANCE = new Truncated();

    private Truncated() {
      super("SPS truncated", null, false, false);
    }
  }
}
