package io.roomrecorder.webm.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.testing.Feed;
import io.roomrecorder.webm.testing.Ffmpeg;
import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files our WebmMuxer writes from the committed libvpx/libopus samples, read back. */
class WebmReaderRoundTripTest {
  private static final double FRAME_S = 1 / 30.0;

  @TempDir Path dir;

  private final List<Frame> video = Samples.vp8Small(); // 60 frames, 2 s, key every 30
  private final List<Frame> audio = Samples.opus(); // 101 packets of 20 ms

  static byte[] mux(WebmMuxerConfig config, boolean seekable, List<Frame> v, List<Frame> a) {
    return Feed.muxToBytes(config, seekable, v, a);
  }

  @ParameterizedTest(name = "a finalized file (seekable sink: {0}) gives exact counts and is clean")
  @ValueSource(booleans = {true, false})
  void vp8AndOpusAreCountedExactly(boolean seekable) {
    byte[] file = mux(WebmMuxerConfig.videoAndAudio(320, 180, 2), seekable, video, audio);

    WebmSummary s = WebmReader.read(file);

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.notes()).isEmpty();
    assertThat(s.bytes()).isEqualTo(file.length);
    assertThat(s.docType()).isEqualTo("webm");
    assertThat(s.timestampScaleNs()).isEqualTo(1_000_000);
    assertThat(s.segmentUnknownSize()).isEqualTo(!seekable);
    assertThat(s.tracks()).hasSize(2);
    WebmTrackSummary v = s.tracks().get(0);
    assertThat(v.number()).isEqualTo(1);
    assertThat(v.type()).isEqualTo("video");
    assertThat(v.codecId()).isEqualTo("V_VP8");
    assertThat(v.width()).isEqualTo(320);
    assertThat(v.height()).isEqualTo(180);
    assertThat(v.frames()).isEqualTo(60);
    assertThat(v.keyframes()).isEqualTo(video.stream().filter(Frame::keyframe).count());
    assertThat(v.keyframes()).isEqualTo(2);
    assertThat(v.firstSeconds()).isZero();
    assertThat(v.lastSeconds()).isCloseTo(59 * FRAME_S, within(0.001));
    assertThat(v.durationSeconds()).isCloseTo(2.0, within(FRAME_S));
    assertThat(v.gaps()).isEmpty();
    WebmTrackSummary a = s.track("A_OPUS");
    assertThat(a.type()).isEqualTo("audio");
    assertThat(a.channels()).isEqualTo(2);
    assertThat(a.samplingFrequency()).isEqualTo(48_000);
    assertThat(a.frames()).isEqualTo(101);
    assertThat(a.keyframes()).isEqualTo(101); // every Opus packet is flagged as a key frame
    assertThat(a.durationSeconds()).isCloseTo(2.02, within(0.020));
    assertThat(s.durationSeconds()).isCloseTo(2.02, within(FRAME_S));
    assertThat(s.clusters()).isEqualTo(2); // one per key frame
    if (seekable) {
      assertThat(s.declaredDurationSeconds()).isCloseTo(2.02, within(FRAME_S));
    } else {
      assertThat(s.declaredDurationSeconds()).isNaN();
    }
    assertThat(s.describe())
        .contains("track 1 video V_VP8 320x180: 60 frames, 2 keyframes")
        .contains("track 2 audio A_OPUS 2 ch 48000 Hz: 101 frames")
        .contains("problems: 0, notes: 0");
  }

  @Test
  void longerRecordingsWithSeveralClustersAndTheLargeSampleAgreeWithFfprobe() throws IOException {
    List<Frame> large = Samples.vp8Large();
    List<Frame> v = Feed.concat(Feed.concat(large, large, 3000), large, 3000); // 6 s
    List<Frame> a = Feed.concat(Feed.concat(audio, audio, 1800), audio, 1800);
    byte[] bytes = mux(WebmMuxerConfig.videoAndAudio(640, 360, 2), true, v, a);
    Path file = dir.resolve("large.webm");
    Files.write(file, bytes);

    WebmSummary s;
    try (var in = Files.newInputStream(file)) {
      s = WebmReader.read(in);
    }

    assertThat(s.clean()).as(s.describe()).isTrue();
    String probe = Ffmpeg.probe(file);
    WebmTrackSummary vt = s.track("V_VP8");
    assertThat(vt.width()).isEqualTo(640);
    assertThat(vt.height()).isEqualTo(360);
    assertThat(vt.frames())
        .isEqualTo(180)
        .isEqualTo(Long.parseLong(Ffmpeg.value(probe, "streams.stream.0.nb_read_packets")));
    assertThat(s.track("A_OPUS").frames())
        .isEqualTo(303)
        .isEqualTo(Long.parseLong(Ffmpeg.value(probe, "streams.stream.1.nb_read_packets")));
    long ffprobeKeyframes =
        Ffmpeg.packets(file).stream().filter(p -> p[0] == 0 && p[3] == 1).count();
    assertThat(vt.keyframes()).isEqualTo(ffprobeKeyframes).isEqualTo(6);
    assertThat(vt.durationSeconds()).isCloseTo(6.0, within(FRAME_S));
    assertThat(s.durationSeconds())
        .isCloseTo(Double.parseDouble(Ffmpeg.value(probe, "format.duration")), within(FRAME_S));
  }

  @Test
  void aViewInsideALargerArrayReadsTheSameAsTheFileAlone() throws IOException {
    byte[] file = mux(WebmMuxerConfig.videoAndAudio(320, 180, 2), true, video, audio);
    byte[] padded = new byte[file.length + 200];
    new Random(7).nextBytes(padded);
    System.arraycopy(file, 0, padded, 77, file.length);

    WebmSummary view = WebmReader.read(padded, 77, file.length);
    WebmSummary stream = WebmReader.read(new ByteArrayInputStream(file));

    assertThat(view).isEqualTo(WebmReader.read(file)).isEqualTo(stream);
    assertThat(view.clean()).isTrue();
  }

  @Test
  void aTimestampGapIsReportedPerTrack() {
    List<Frame> gappy =
        video.stream()
            .map(f -> f.pts90k() >= 30 * 3000 ? f.shifted(90_000) : f) // 1 s freeze at 1 s
            .toList();
    WebmSummary s =
        WebmReader.read(mux(WebmMuxerConfig.videoOnly(320, 180), true, gappy, List.of()));

    assertThat(s.clean()).as(s.describe()).isTrue();
    WebmTrackSummary v = s.tracks().get(0);
    assertThat(v.gaps()).hasSize(1);
    // frame 29 at 87,000 ticks of 90 kHz = 966.7 ms, written in whole ms (TimestampScale 1 ms)
    assertThat(v.gaps().get(0).fromNs()).isEqualTo(966_000_000L);
    assertThat(v.gaps().get(0).seconds()).isCloseTo(1 + FRAME_S, within(0.002));
    assertThat(Arrays.asList(s.describe().split("\n"))).anyMatch(l -> l.contains("1 gaps"));
  }
}
