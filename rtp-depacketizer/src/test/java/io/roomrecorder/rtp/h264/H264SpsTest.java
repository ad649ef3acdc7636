package io.roomrecorder.rtp.h264;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.TestBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.Set;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264SpsTest {
  /** Profiles JCodec 0.2.5 reads correctly; it misreads High 4:4:4 Predictive (244). */
  static final Set<Integer> JCODEC_PROFILES = Set.of(66, 77, 88, 100, 110, 122);

  @ParameterizedTest(name = "x264 {0} SPS (profile {2}) gives {3}x{4}")
  @CsvSource({
    "1920x1080 cropped from 1088, 6742c028d900780227e5c044000003000400000300f03c60c920, 66, 1920, 1080",
    "1280x720, 6742c01fd9005005bb0110000003001000000303c0f1832480, 66, 1280, 720",
    "640x360 cropped from 368, 674d401eeca05017fcb80880000003008000001e078b16cb, 77, 640, 360",
    "642x362 cropped right and bottom, 6764001eacd940a42fe224c044000003000400000300f03c58b658,"
        + " 100, 642, 362",
    "321x241 4:4:4 crop units of one sample,"
        + " 67f4000d919b282a10f084218088000003000800000301e078a14cb0, 244, 321, 241",
    "176x144 4:2:2, 677a000bbcd942c4ec0440000003004000000f03c50a6580, 122, 176, 144",
    "1080x1920 portrait, 67640028acd9404403c797c044000003000400000300f03c60c658, 100, 1080, 1920",
    "720x576 interlaced 4:4:4, 67f4001e919b2816849b011000000300100000030321f1429960, 244, 720,"
        + " 576",
  })
  void realEncoderSps(String name, String nalHex, int profile, int width, int height) {
    byte[] nal = hex(nalHex);
    for (int off : TestBytes.OFFSETS) {
      H264Sps sps = new H264Sps();
      assertThat(sps.parse(embed(nal, off), off, nal.length)).isTrue();
      assertThat(sps.profileIdc).isEqualTo(profile);
      assertThat(sps.width).isEqualTo(width);
      assertThat(sps.height).isEqualTo(height);
    }
    if (JCODEC_PROFILES.contains(profile)) {
      Size s = H264Utils.getPicSize(H264Utils.readSPS(ByteBuffer.wrap(nal, 1, nal.length - 1)));
      assertThat(s.getWidth()).isEqualTo(width);
      assertThat(s.getHeight()).isEqualTo(height);
    }
  }

  @Test
  void truncatedAndForeignNalUnitsAreRejectedWithoutThrowing() {
    byte[] nal = hex("6742c028d900780227e5c044000003000400000300f03c60c920");
    H264Sps sps = new H264Sps();
    for (int len = 0; len < 9; len++) {
      assertThat(sps.parse(nal, 0, len)).as("length %d", len).isFalse();
    }
    byte[] pps = hex("68ce3c80");
    assertThat(sps.parse(pps, 0, pps.length)).isFalse();
    assertThat(sps.parse(null, 0, 4)).isFalse();
  }

  /**
   * Random SPSes written by a bit writer (every branch: high-profile chroma formats, scaling
   * matrices, all three POC types, field coding, cropping), emulation-prevented, then read by us
   * and by JCodec: the syntax fields must agree, and our size must equal §7.4.2.1.1 computed from
   * JCodec's fields — and JCodec's own size where its formula applies (frame coding).
   */
  @Test
  void randomSpsAgreeWithJcodec() {
    Random rnd = new Random(6184);
    H264Sps ours = new H264Sps();
    int[] profiles = {66, 77, 88, 100, 110, 122};
    for (int i = 0; i < 3000; i++) {
      int profile = profiles[rnd.nextInt(profiles.length)];
      byte[] nal = randomSps(rnd, profile);
      assertThat(ours.parse(nal, 0, nal.length)).as("sps %d", i).isTrue();
      SeqParameterSet js = H264Utils.readSPS(ByteBuffer.wrap(nal, 1, nal.length - 1));
      assertThat(ours.profileIdc).isEqualTo(js.profileIdc);
      assertThat(ours.spsId).isEqualTo(js.seqParameterSetId);
      assertThat(ours.frameMbsOnly).isEqualTo(js.frameMbsOnlyFlag);
      int chroma = SeqParameterSet.fromColor(js.chromaFormatIdc);
      assertThat(ours.chromaFormatIdc).isEqualTo(chroma);
      int field = js.frameMbsOnlyFlag ? 1 : 2;
      int cropX = chroma == 1 || chroma == 2 ? 2 : 1;
      int cropY = (chroma == 1 ? 2 : 1) * field;
      int w =
          (js.picWidthInMbsMinus1 + 1) * 16
              - cropX * (js.frameCropLeftOffset + js.frameCropRightOffset);
      int h =
          (js.picHeightInMapUnitsMinus1 + 1) * 16 * field
              - cropY * (js.frameCropTopOffset + js.frameCropBottomOffset);
      assertThat(ours.width).as("width of sps %d", i).isEqualTo(w);
      assertThat(ours.height).as("height of sps %d", i).isEqualTo(h);
      if (js.frameMbsOnlyFlag) {
        Size s = H264Utils.getPicSize(js);
        assertThat(ours.width).isEqualTo(s.getWidth());
        assertThat(ours.height).isEqualTo(s.getHeight());
      }
    }
  }

  static byte[] randomSps(Random rnd, int profile) {
    BitWriter w = new BitWriter();
    w.bits(profile, 8);
    w.bits(rnd.nextInt(256) & 0xFC, 8);
    w.bits(30 + rnd.nextInt(22), 8);
    w.ue(rnd.nextInt(32));
    int chroma = 1;
    if (profile >= 100) {
      chroma = rnd.nextInt(3); // 0..2; JCodec does not read separate_colour_plane
      w.ue(chroma);
      w.ue(rnd.nextInt(3));
      w.ue(rnd.nextInt(3));
      w.bits(0, 1);
      boolean matrix = rnd.nextBoolean();
      w.bits(matrix ? 1 : 0, 1);
      if (matrix) {
        for (int i = 0; i < 8; i++) {
          boolean present = rnd.nextBoolean();
          w.bits(present ? 1 : 0, 1);
          if (present) {
            int size = i < 6 ? 16 : 64;
            int last = 8;
            for (int j = 0; j < size; j++) {
              int next = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(255);
              int delta = next - last;
              if (delta > 127) {
                delta -= 256;
              } else if (delta < -128) {
                delta += 256;
              }
              w.se(delta);
              if (next == 0) {
                break;
              }
              last = next;
            }
          }
        }
      }
    }
    w.ue(rnd.nextInt(13));
    int poc = rnd.nextInt(3);
    w.ue(poc);
    if (poc == 0) {
      w.ue(rnd.nextInt(13));
    } else if (poc == 1) {
      w.bits(rnd.nextInt(2), 1);
      w.se(rnd.nextInt(200) - 100);
      w.se(rnd.nextInt(200) - 100);
      int cycle = rnd.nextInt(5);
      w.ue(cycle);
      for (int i = 0; i < cycle; i++) {
        w.se(rnd.nextInt(200) - 100);
      }
    }
    w.ue(rnd.nextInt(16));
    w.bits(rnd.nextInt(2), 1);
    int widthMbs = 1 + rnd.nextInt(120);
    int heightUnits = 1 + rnd.nextInt(68);
    w.ue(widthMbs - 1);
    w.ue(heightUnits - 1);
    boolean frameMbsOnly = rnd.nextBoolean();
    w.bits(frameMbsOnly ? 1 : 0, 1);
    if (!frameMbsOnly) {
      w.bits(rnd.nextInt(2), 1);
    }
    w.bits(1, 1);
    boolean crop = rnd.nextBoolean();
    w.bits(crop ? 1 : 0, 1);
    if (crop) {
      int field = frameMbsOnly ? 1 : 2;
      int cropX = chroma == 0 ? 1 : 2;
      int cropY = (chroma == 1 ? 2 : 1) * field;
      int maxX = (widthMbs * 16 / cropX - 1) / 2;
      int maxY = (heightUnits * 16 * field / cropY - 1) / 2;
      w.ue(rnd.nextInt(Math.min(maxX, 8) + 1));
      w.ue(rnd.nextInt(Math.min(maxX, 8) + 1));
      w.ue(rnd.nextInt(Math.min(maxY, 8) + 1));
      w.ue(rnd.nextInt(Math.min(maxY, 8) + 1));
    }
    w.bits(0, 1); // no VUI
    w.bits(1, 1); // rbsp_stop_one_bit
    return escape(w.toBytes());
  }

  /** NAL header 0x67 plus emulation prevention (§7.4.1). */
  static byte[] escape(byte[] rbsp) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x67);
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xFF) <= 3) {
        o.write(3);
        zeros = 0;
      }
      o.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return o.toByteArray();
  }

  static final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int n;

    void bits(int v, int count) {
      for (int i = count - 1; i >= 0; i--) {
        cur = (cur << 1) | ((v >>> i) & 1);
        if (++n == 8) {
          out.write(cur);
          cur = 0;
          n = 0;
        }
      }
    }

    void ue(int v) {
      int x = v + 1;
      int len = 32 - Integer.numberOfLeadingZeros(x);
      bits(0, len - 1);
      bits(x, len);
    }

    void se(int v) {
      ue(v > 0 ? 2 * v - 1 : -2 * v);
    }

    byte[] toBytes() {
      if (n > 0) {
        bits(0, 8 - n);
      }
      return out.toByteArray();
    }
  }
}
