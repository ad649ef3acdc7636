package io.roomrecorder.ts.h264;

/**
 * Annex-B byte stream helpers (ITU-T H.264 Annex B): NAL units separated by the start code prefix
 * {@code 00 00 01}, optionally preceded by a zero byte. Stateless and thread-safe; reads caller
 * arrays without keeping them.
 */
public final class AnnexB {
  /** nal_unit_type values (H.264 Table 7-1) the muxer and reader act on. */
  public static final int NAL_SLICE = 1;

  public static final int NAL_IDR_SLICE = 5;
  public static final int NAL_SEI = 6;
  public static final int NAL_SPS = 7;
  public static final int NAL_PPS = 8;
  public static final int NAL_AUD = 9;

  private AnnexB() {}

  /**
   * Index of the first byte of the next {@code 00 00 01} in {@code b[from, end)}, or -1. Skips
   * ahead by three when the third byte rules a start code out.
   */
  public static int findStartCode(byte[] b, int from, int end) {
    int i = from;
    int last = end - 3;
    while (i <= last) {
      byte c = b[i + 2];
      if (c > 1 || c < 0) {
        i += 3;
      } else if (c == 0) {
        i += 1;
      } else if (b[i + 1] == 0 && b[i] == 0) {
        return i;
      } else {
        i += 3;
      }
    }
    return -1;
  }

  /**
   * Length of the start code at {@code b[off]}: 4 for {@code 00 00 00 01}, 3 for {@code 00 00 01},
   * 0 when there is none.
   */
  public static int startCodeLength(byte[] b, int off, int end) {
    if (end - off >= 3 && b[off] == 0 && b[off + 1] == 0) {
      if (b[off + 2] == 1) {
        return 3;
      }
      if (end - off >= 4 && b[off + 2] == 0 && b[off + 3] == 1) {
        return 4;
      }
    }
    return 0;
  }

  /** Whether a nal_unit_type is a coded slice of a picture (VCL, types 1–5). */
  public static boolean isSlice(int nalUnitType) {
    return nalUnitType >= NAL_SLICE && nalUnitType <= NAL_IDR_SLICE;
  }
}
