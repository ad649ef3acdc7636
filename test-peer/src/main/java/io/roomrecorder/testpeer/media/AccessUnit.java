package io.roomrecorder.testpeer.media;

import java.util.List;

/**
 * One video frame of a sample clip. H.264: the access unit's NAL units without start codes, in
 * decoding order. VP8 ({@link SampleClip#vp8()}): a single element, the whole frame (RFC 6386).
 *
 * @param nalUnits the NAL units, or the one VP8 frame (each array is owned by this record and never
 *     modified)
 * @param keyframe whether the access unit holds an IDR slice, or the VP8 frame is a key frame
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
