package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.testpeer.media.AccessUnit;
import io.roomrecorder.testpeer.media.BitrateFiller;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load generator's filler ({@link BitrateFiller}, in test-peer): filler data NAL units (ITU-T
 * H.264 §7.3.2.7) bring the sample clip to the requested bit rate, and a decoder shows the same
 * pictures as without them.
 */
class BitrateFillerTest {
  static final SampleClip CLIP = SampleClip.h264();

  @TempDir Path dir;

  static long bytes(SampleClip clip) {
    long n = 0;
    for (AccessUnit au : clip.video()) {
      for (byte[] nal : au.nalUnits()) {
        n += nal.length;
      }
    }
    return n;
  }

  @ParameterizedTest(name = "a clip padded to {0} bit/s carries that rate over its loop")
  @ValueSource(longs = {500_000, 1_000_000, 2_500_000, 8_000_000})
  void aPaddedClipCarriesTheTargetRate(long target) {
    SampleClip padded = BitrateFiller.pad(CLIP, target);

    long expected = target / 8 * CLIP.video().size() / SampleClip.VIDEO_FPS;
    // The running budget ends within one frame's rounding of the target.
    assertThat(bytes(padded)).isBetween(expected - 8, expected + 8);
    assertThat(BitrateFiller.naturalBitsPerSecond(padded)).isBetween(target - 300, target + 300);
    assertThat(padded.video()).hasSameSizeAs(CLIP.video());
    assertThat(padded.audio()).isSameAs(CLIP.audio());
  }

  @Test
  void fillerIsAppendedAfterThePictureAndNothingElseChanges() {
    SampleClip padded = BitrateFiller.pad(CLIP, 2_500_000);

    for (int i = 0; i < CLIP.video().size(); i++) {
      AccessUnit original = CLIP.video().get(i);
      AccessUnit withFiller = padded.video().get(i);
      assertThat(withFiller.keyframe()).isEqualTo(original.keyframe());
      List<byte[]> nals = withFiller.nalUnits();
      // §7.4.1.2.3: filler data never precedes the first VCL NAL unit; here it is always last.
      assertThat(nals.subList(0, original.nalUnits().size()))
          .containsExactlyElementsOf(original.nalUnits());
      for (byte[] extra : nals.subList(original.nalUnits().size(), nals.size())) {
        assertThat(extra[0] & 0x1F).isEqualTo(BitrateFiller.NAL_FILLER);
      }
    }
  }

  @Test
  void aFillerNalUnitIsHeaderFfBytesAndTheStopBit() {
    assertThat(BitrateFiller.fillerNalUnit(5)).containsExactly(0x0C, 0xFF, 0xFF, 0xFF, 0x80);
    assertThat(BitrateFiller.fillerNalUnit(2)).containsExactly(0x0C, 0x80);
    assertThatThrownBy(() -> BitrateFiller.fillerNalUnit(1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTargetBelowTheClipsOwnRateIsRefused() {
    long natural = BitrateFiller.naturalBitsPerSecond(CLIP);
    assertThat(natural).isBetween(150_000L, 400_000L); // the clip is encoded at 250 kbit/s

    assertThatThrownBy(() -> BitrateFiller.pad(CLIP, natural - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below the clip's own video bit rate");
    assertThat(BitrateFiller.pad(CLIP, natural).video()).hasSameSizeAs(CLIP.video());
  }

  @Test
  void ffmpegDecodesThePaddedStreamToTheSamePicturesWithoutAnError() throws IOException {
    Path plain = writeAnnexB(CLIP, "plain.h264");
    Path padded = writeAnnexB(BitrateFiller.pad(CLIP, 2_500_000), "padded.h264");

    assertThat(Files.size(padded)).isGreaterThan(Files.size(plain) * 8);
    assertThat(Ffmpeg.decodeErrors(padded)).isEmpty();
    Ffprobe.Stream a = Ffprobe.stream(plain, "video");
    Ffprobe.Stream b = Ffprobe.stream(padded, "video");
    assertThat(b.frames()).isEqualTo(a.frames()).isEqualTo(CLIP.video().size());
    assertThat(b.width()).isEqualTo(640);
    assertThat(b.height()).isEqualTo(360);
    assertThat(framemd5(padded)).isEqualTo(framemd5(plain));
  }

  private Path writeAnnexB(SampleClip clip, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (AccessUnit au : clip.video()) {
      for (byte[] nal : au.nalUnits()) {
        out.write(new byte[] {0, 0, 0, 1});
        out.write(nal);
      }
    }
    Path file = dir.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  /** The MD5 of every decoded picture (ffmpeg's framemd5 muxer), without the header lines. */
  private String framemd5(Path file) throws IOException {
    Path md5 = dir.resolve(file.getFileName() + ".md5");
    ProcessBuilder pb =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-i",
                file.toString(),
                "-f",
                "framemd5",
                md5.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      assertThat(pb.start().waitFor()).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(md5)) {
      if (!line.startsWith("#")) {
        // stream, dts, pts, duration, size, hash: keep size and hash
        String[] f = line.split(",\\s*");
        sb.append(f[f.length - 2]).append(' ').append(f[f.length - 1]).append('\n');
      }
    }
    return sb.toString();
  }
}
