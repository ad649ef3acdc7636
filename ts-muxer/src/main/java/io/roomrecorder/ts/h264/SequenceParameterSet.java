package io.roomrecorder.ts.h264;

/**
 * The fields of a sequence parameter set (ITU-T H.264 §7.3.2.1.1) that describe the stream:
 * profile, level and the cropped picture size (§7.4.2.1.1, frame_crop_* offsets in crop units).
 *
 * @param profileIdc profile_idc (66 baseline, 77 main, 100 high, ...)
 * @param constraintFlags the constraint_set flags byte
 * @param levelIdc level_idc (31 = level 3.1)
 * @param width displayed width in luma samples
 * @param height displayed height in luma samples
 */
public record SequenceParameterSet(
    int profileIdc, int constraintFlags, int levelIdc, int width, int height) {

  /** RBSPs longer than this are not SPSs we accept (they are a few dozen bytes). */
  private static final int MAX_RBSP = 4096;

  /**
   * Parses the SPS NAL unit at {@code b[off, off+len)} (starting at its one-byte NAL header, no
   * start code). Never throws on malformed input.
   *
   * @return the SPS, or {@code null} when the bytes are not a well-formed SPS
   */
  public static SequenceParameterSet parse(byte[] b, int off, int len) {
    if (off < 0 || len < 4 || off + len > b.length || (b[off] & 0x1F) != AnnexB.NAL_SPS) {
      return null;
    }
    Rbsp r = new Rbsp(b, off + 1, Math.min(len - 1, MAX_RBSP));
    int profile = r.u(8);
    int constraints = r.u(8);
    int level = r.u(8);
    long spsId = r.ue();
    if (spsId > 31) {
      return null;
    }
    long chromaFormat = 1;
    boolean separateColourPlane = false;
    if (profile == 100
        || profile == 110
        || profile == 122
        || profile == 244
        || profile == 44
        || profile == 83
        || profile == 86
        || profile == 118
        || profile == 128
        || profile == 138
        || profile == 139
        || profile == 134
        || profile == 135) {
      chromaFormat = r.ue();
      if (chromaFormat > 3) {
        return null;
      }
      if (chromaFormat == 3) {
        separateColourPlane = r.u(1) == 1;
      }
      r.ue(); // bit_depth_luma_minus8
      r.ue(); // bit_depth_chroma_minus8
      r.u(1); // qpprime_y_zero_transform_bypass_flag
      if (r.u(1) == 1) { // seq_scaling_matrix_present_flag
        int lists = chromaFormat != 3 ? 8 : 12;
        for (int i = 0; i < lists && !r.failed; i++) {
          if (r.u(1) == 1) {
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    if (r.ue() > 12) { // log2_max_frame_num_minus4
      return null;
    }
    long pocType = r.ue();
    if (pocType == 0) {
      r.ue(); // log2_max_pic_order_cnt_lsb_minus4
    } else if (pocType == 1) {
      r.u(1);
      r.se();
      r.se();
      long cycle = r.ue();
      if (cycle > 255) {
        return null;
      }
      for (int i = 0; i < cycle && !r.failed; i++) {
        r.se();
      }
    } else if (pocType != 2) {
      return null;
    }
    r.ue(); // max_num_ref_frames
    r.u(1); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = r.ue() + 1;
    long heightMapUnits = r.ue() + 1;
    int frameMbsOnly = r.u(1);
    if (frameMbsOnly == 0) {
      r.u(1); // mb_adaptive_frame_field_flag
    }
    r.u(1); // direct_8x8_inference_flag
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (r.u(1) == 1) {
      cropLeft = r.ue();
      cropRight = r.ue();
      cropTop = r.ue();
      cropBottom = r.ue();
    }
    if (r.failed || widthMbs > 1024 || heightMapUnits > 1024) {
      return null;
    }
    int chromaArrayType = separateColourPlane ? 0 : (int) chromaFormat;
    int subWidthC = chromaArrayType == 3 ? 1 : 2;
    int subHeightC = chromaArrayType == 1 ? 2 : 1;
    int cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
    int cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (2 - frameMbsOnly);
    long width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
    long height = (2 - frameMbsOnly) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
    if (width <= 0 || height <= 0) {
      return null;
    }
    return new SequenceParameterSet(profile, constraints, level, (int) width, (int) height);
  }

  /** §7.3.2.1.1.1 scaling_list(): only consumed, its values do not matter here. */
  private static void skipScalingList(Rbsp r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size && !r.failed; j++) {
      if (next != 0) {
        long delta = r.se();
        next = (int) ((last + delta + 256) % 256);
      }
      last = next == 0 ? last : next;
    }
  }

  /**
   * Bit reader over an RBSP that drops emulation_prevention_three_byte (§7.4.1) on the fly. Reads
   * past the end set {@link #failed} and return 0 instead of throwing.
   */
  private static final class Rbsp {
    private final byte[] b;
    private final int end;
    private int byteIndex;
    private int bitIndex; // 0..7 within the current byte, MSB first
    private int zeros; // consecutive zero bytes consumed, for emulation prevention
    boolean failed;

    Rbsp(byte[] b, int off, int len) {
      this.b = b;
      this.byteIndex = off;
      this.end = off + len;
    }

    int bit() {
      if (bitIndex == 0) {
        if (byteIndex < end && zeros >= 2 && b[byteIndex] == 3) {
          byteIndex++; // emulation_prevention_three_byte
          zeros = 0;
        }
        if (byteIndex >= end) {
          failed = true;
          return 0;
        }
      }
      int v = (b[byteIndex] >> (7 - bitIndex)) & 1;
      if (++bitIndex == 8) {
        zeros = b[byteIndex] == 0 ? zeros + 1 : 0;
        bitIndex = 0;
        byteIndex++;
      }
      return v;
    }

    int u(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        v = v << 1 | bit();
      }
      return v;
    }

    /** ue(v), §9.1; more than 31 leading zeros is malformed. */
    long ue() {
      int leadingZeros = 0;
      while (bit() == 0) {
        if (failed || ++leadingZeros > 31) {
          failed = true;
          return 0;
        }
      }
      long v = 0;
      for (int i = 0; i < leadingZeros; i++) {
        v = v << 1 | bit();
      }
      return (1L << leadingZeros) - 1 + v;
    }

    /** se(v), §9.1.1. */
    long se() {
      long k = ue();
      return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
  }
}
