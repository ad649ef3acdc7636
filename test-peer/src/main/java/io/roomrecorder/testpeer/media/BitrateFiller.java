package io.roomrecorder.testpeer.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pads a clip's H.264 video up to a target bit rate with filler data NAL units (ITU-T H.264
 * §7.3.2.7 {@code filler_data_rbsp}, {@code nal_unit_type} 12, Table 7-1), appended to access
 * units. Decoders discard filler data (§7.4.2.7), so the padded clip decodes to the same pictures
 * while the network, the recorder and the file carry the bytes of a real encoder at that rate —
 * what the load generator needs to measure a recorder at, say, 2.5 Mbit/s per stream.
 *
 * <p>The target is the H.264 bitstream rate (NAL unit bytes, as an encoder's bit rate is meant),
 * without start codes, RTP/SRTP headers or audio. Padding keeps a running budget over the clip:
 * after each access unit the clip has sent {@code (i + 1) × target / fps} bytes, so large keyframes
 * are paid back by the frames that follow and the average over the loop is the target (within one
 * frame's rounding). §7.4.1.2.3 forbids filler data before the first VCL NAL unit of a picture;
 * appending after the last one satisfies it.
 *
 * <p>Stateless and thread-safe; the returned clip is immutable and may be shared by any number of
 * publishers.
 */
public final class BitrateFiller {
  /** {@code nal_unit_type} of filler data (Table 7-1). */
  public static final int NAL_FILLER = 12;

  /** Bytes of a filler NAL unit without {@code ff_byte}s: the NAL header and the stop bit byte. */
  static final int FILLER_OVERHEAD = 2;

  private BitrateFiller() {}

  /**
   * The clip's own H.264 bit rate in bits per second (NAL unit bytes, looped at {@link
   * SampleClip#VIDEO_FPS}).
   */
  public static long naturalBitsPerSecond(SampleClip clip) {
    long bytes = 0;
    for (AccessUnit au : clip.video()) {
      bytes += size(au);
    }
    return bytes * 8 * SampleClip.VIDEO_FPS / Math.max(1, clip.video().size());
  }

  /**
   * A copy of {@code clip} whose video is padded to {@code bitsPerSecond}; the audio is shared.
   *
   * @throws IllegalArgumentException when the clip is not H.264, or the target is below the clip's
   *     own rate ({@link #naturalBitsPerSecond}): video cannot be made smaller by padding
   */
  public static SampleClip pad(SampleClip clip, long bitsPerSecond) {
    if (clip.codec() != VideoCodec.H264) {
      throw new IllegalArgumentException("filler data is H.264's; the clip is " + clip.codec());
    }
    long natural = naturalBitsPerSecond(clip);
    if (bitsPerSecond < natural) {
      throw new IllegalArgumentException(
          "target "
              + bitsPerSecond
              + " bit/s is below the clip's own video bit rate of "
              + natural
              + " bit/s");
    }
    List<AccessUnit> padded = new ArrayList<>(clip.video().size());
    long sent = 0;
    for (int i = 0; i < clip.video().size(); i++) {
      AccessUnit au = clip.video().get(i);
      sent += size(au);
      // Bytes the clip should have sent after frame i at the target rate.
      long due = (i + 1L) * bitsPerSecond / 8 / SampleClip.VIDEO_FPS;
      long missing = due - sent;
      if (missing >= FILLER_OVERHEAD) {
        byte[] filler = fillerNalUnit((int) Math.min(missing, Integer.MAX_VALUE - 8));
        List<byte[]> nals = new ArrayList<>(au.nalUnits());
        nals.add(filler);
        padded.add(new AccessUnit(List.copyOf(nals), au.keyframe()));
        sent += filler.length;
      } else {
        padded.add(au);
      }
    }
    return new SampleClip(padded, clip.audio());
  }

  /**
   * One filler data NAL unit of exactly {@code length} bytes (at least {@value #FILLER_OVERHEAD}):
   * header {@code forbidden_zero_bit 0, nal_ref_idc 0, nal_unit_type 12}, then {@code ff_byte}s
   * (0xFF, which can never form a start code or need emulation prevention, §7.4.1), then {@code
   * rbsp_trailing_bits}: the stop bit and alignment zeros, 0x80.
   */
  public static byte[] fillerNalUnit(int length) {
    if (length < FILLER_OVERHEAD) {
      throw new IllegalArgumentException("a filler NAL unit has at least 2 bytes: " + length);
    }
    byte[] nal = new byte[length];
    nal[0] = NAL_FILLER;
    Arrays.fill(nal, 1, length - 1, (byte) 0xFF);
    nal[length - 1] = (byte) 0x80;
    return nal;
  }

  private static long size(AccessUnit au) {
    long n = 0;
    for (byte[] nal : au.nalUnits()) {
      n += nal.length;
    }
    return n;
  }
}
