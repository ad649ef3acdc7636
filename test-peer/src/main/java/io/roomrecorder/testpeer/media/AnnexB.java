package io.roomrecorder.testpeer.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an H.264 Annex-B byte stream (ITU-T H.264 Annex B) into NAL units and groups them into
 * access units (§7.4.1.2.3: an AUD, SPS, PPS or SEI, or a slice whose first_mb_in_slice is 0,
 * starts a new access unit).
 */
public final class AnnexB {
  private AnnexB() {}

  /** Returns the NAL units of {@code stream} without their start codes. */
  public static List<byte[]> nalUnits(byte[] stream) {
    List<byte[]> out = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i + 2 < stream.length) {
      if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
        if (start >= 0) {
          out.add(trimmed(stream, start, i));
        }
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < stream.length) {
      out.add(trimmed(stream, start, stream.length));
    }
    return out;
  }

  /** Copies {@code [from, to)} without the trailing zero bytes of a following 4-byte start code. */
  private static byte[] trimmed(byte[] stream, int from, int to) {
    int end = to;
    while (end > from && stream[end - 1] == 0) {
      end--;
    }
    byte[] nal = new byte[end - from];
    System.arraycopy(stream, from, nal, 0, nal.length);
    return nal;
  }

  /** Groups NAL units into access units. */
  public static List<AccessUnit> accessUnits(List<byte[]> nals) {
    List<AccessUnit> out = new ArrayList<>();
    List<byte[]> current = new ArrayList<>();
    boolean currentHasSlice = false;
    boolean keyframe = false;
    for (byte[] nal : nals) {
      if (nal.length == 0) {
        continue;
      }
      int type = AccessUnit.type(nal);
      boolean slice = type == AccessUnit.NAL_SLICE || type == AccessUnit.NAL_IDR;
      boolean startsNewUnit =
          currentHasSlice
              && (type == AccessUnit.NAL_AUD
                  || type == AccessUnit.NAL_SPS
                  || type == AccessUnit.NAL_PPS
                  || type == AccessUnit.NAL_SEI
                  || (slice && firstMbInSliceIsZero(nal)));
      if (startsNewUnit) {
        out.add(new AccessUnit(List.copyOf(current), keyframe));
        current = new ArrayList<>();
        currentHasSlice = false;
        keyframe = false;
      }
      current.add(nal);
      currentHasSlice |= slice;
      keyframe |= type == AccessUnit.NAL_IDR;
    }
    if (currentHasSlice) {
      out.add(new AccessUnit(List.copyOf(current), keyframe));
    }
    return out;
  }

  /** first_mb_in_slice is ue(v) coded first in the slice header: value 0 is the single bit 1. */
  private static boolean firstMbInSliceIsZero(byte[] nal) {
    return nal.length > 1 && (nal[1] & 0x80) != 0;
  }
}
