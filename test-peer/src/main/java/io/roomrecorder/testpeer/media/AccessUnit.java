package io.roomrecorder.testpeer.media;

import java.util.List;

/**
 * One H.264 access unit of the sample clip: its NAL units without start codes, in decoding order.
 *
 * @param nalUnits the NAL units (each array is owned by this record and never modified)
 * @param keyframe whether the access unit holds an IDR slice
 */
public record AccessUnit(List<byte[]> nalUnits, boolean keyframe) {

  /** NAL unit types of ITU-T H.264 Table 7-1 used here. */
  static final int NAL_SLICE = 1;

  static final int NAL_IDR = 5;
  static final int NAL_SEI = 6;
  static final int NAL_SPS = 7;
  static final int NAL_PPS = 8;
  static final int NAL_AUD = 9;

  static int type(byte[] nal) {
    return nal[0] & 0x1F;
  }
}
