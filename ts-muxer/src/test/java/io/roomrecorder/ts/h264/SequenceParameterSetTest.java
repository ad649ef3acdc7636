package io.roomrecorder.ts.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.roomrecorder.ts.testing.SampleMedia;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** H.264 §7.3.2.1.1 on SPSs from real encoders. */
class SequenceParameterSetTest {

  @ParameterizedTest(name = "{0} has an SPS for {1}x{2}, profile {3}")
  @CsvSource({
    SampleMedia.VIDEO_320x180 + ", 320, 180, 66",
    SampleMedia.VIDEO_480x272 + ", 480, 272, 66"
  })
  void samplesFromLibx264(String resource, int width, int height, int profile) {
    byte[] sps = SampleMedia.h264AccessUnits(resource).get(0).without(9, 8, 6, 5).data();
    // at a non-zero offset with junk after: 4-byte start code, then the NAL
    byte[] framed = Arrays.copyOf(sps, sps.length + 9);
    Arrays.fill(framed, sps.length, framed.length, (byte) 0x5A);
    SequenceParameterSet parsed = SequenceParameterSet.parse(framed, 4, sps.length - 4);
    assertThat(parsed)
        .isEqualTo(
            new SequenceParameterSet(
                profile, parsed.constraintFlags(), parsed.levelIdc(), width, height));
  }

  @ParameterizedTest(name = "the {0} SPS gives {1}x{2}")
  @CsvSource({
    // constrained baseline 640x480, level 3.1, no cropping (the kind WebRTC senders use)
    "baseline-640x480, 6742c01f8c8d40501e90, 640, 480",
    // High profile 1920x1080 with frame cropping (1088 coded rows, 8 cropped), scaling lists off
    "high-1080p, 6764002aacd940780227e5c04400000fa40003a9823c60c658, 1920, 1080"
  })
  void knownParameterSets(String name, String hex, int width, int height) {
    byte[] nal = HexFormat.of().parseHex(hex);
    SequenceParameterSet sps = SequenceParameterSet.parse(nal, 0, nal.length);
    assertThat(sps).as(name).isNotNull();
    assertThat(sps.width()).isEqualTo(width);
    assertThat(sps.height()).isEqualTo(height);
  }

  @Test
  void malformedInputGivesNullNeverAnException() {
    Random random = new Random(3);
    byte[] good = HexFormat.of().parseHex("6742c01f8c8d40501e90");
    for (int i = 0; i < 20_000; i++) {
      byte[] b = i % 2 == 0 ? new byte[random.nextInt(40)] : good.clone();
      if (i % 2 == 0) {
        random.nextBytes(b);
        if (b.length > 0) {
          b[0] = 0x67;
        }
      } else {
        b[1 + random.nextInt(b.length - 1)] = (byte) random.nextInt(256);
      }
      int len = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      assertThatCode(() -> SequenceParameterSet.parse(b, 0, len)).doesNotThrowAnyException();
    }
    assertThat(SequenceParameterSet.parse(good, 0, 3)).isNull();
    assertThat(SequenceParameterSet.parse(good, 5, 10)).isNull(); // beyond the array
    assertThat(SequenceParameterSet.parse(new byte[] {0x68, 1, 2, 3, 4}, 0, 5)).isNull(); // a PPS
  }
}
