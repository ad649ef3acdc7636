package io.roomrecorder.webm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roomrecorder.webm.testing.Feed;
import io.roomrecorder.webm.testing.Ffmpeg;
import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real libvpx/libopus samples muxed and read back by ffprobe and ffmpeg (installed, Debian 12's
 * 5.1): streams, codecs, frame counts, durations, sizes, and {@code ffmpeg -v error} decoding every
 * stream with nothing to say.
 */
class WebmRoundTripTest {
  private static final long FRAME_90K = 3000; // 30 fps
  private static final double FRAME_S = 1 / 30.0;

  @TempDir Path dir;

  private final List<Frame> video = Samples.vp8Small(); // 60 frames, 2 s
  private final List<Frame> audio = Samples.opus(); // 101 packets of 20 ms

  private Path mux(
      String name, WebmMuxerConfig config, boolean seekable, List<Frame> v, List<Frame> a)
      throws IOException {
    Path file = dir.resolve(name + ".webm");
    Files.write(file, Feed.muxToBytes(config, seekable, v, a));
    return file;
  }

  private static void assertDecodesCleanly(Path file) {
    Ffmpeg.Result r = Ffmpeg.decodeErrors(file);
    assertThat(r.output()).as("ffmpeg -v error on " + file.getFileName()).isEmpty();
    assertThat(r.exitCode()).isZero();
  }

  /** Where the last packet of a stream ends, in seconds, from ffprobe's packet list. */
  private static double streamEnd(Path file, int stream, double lastDuration) {
    List<long[]> packets = Ffmpeg.packets(file);
    long last =
        packets.stream().filter(p -> p[0] == stream).mapToLong(p -> p[1]).max().orElseThrow();
    return last / 1000.0 + lastDuration;
  }

  @ParameterizedTest(name = "seekable sink: {0}")
  @ValueSource(booleans = {true, false})
  void vp8AndOpusRoundTripThroughFfprobeAndDecodeWithoutAnError(boolean seekable)
      throws IOException {
    Path file = mux("av", WebmMuxerConfig.videoAndAudio(320, 180, 2), seekable, video, audio);
    assertDecodesCleanly(file);
    String probe = Ffmpeg.probe(file);
    assertThat(Ffmpeg.value(probe, "format.nb_streams")).isEqualTo("2");
    assertThat(Ffmpeg.value(probe, "format.format_name")).isEqualTo("matroska,webm");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.codec_name")).isEqualTo("vp8");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.width")).isEqualTo("320");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.height")).isEqualTo("180");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.nb_read_packets")).isEqualTo("60");
    assertThat(Ffmpeg.value(probe, "streams.stream.1.codec_name")).isEqualTo("opus");
    assertThat(Ffmpeg.value(probe, "streams.stream.1.channels")).isEqualTo("2");
    assertThat(Ffmpeg.value(probe, "streams.stream.1.sample_rate")).isEqualTo("48000");
    assertThat(Ffmpeg.value(probe, "streams.stream.1.nb_read_packets")).isEqualTo("101");
    // 60 frames at 30 fps = 2.000 s of video; 101 x 20 ms = 2.020 s of audio
    assertThat(streamEnd(file, 0, FRAME_S)).isCloseTo(2.0, within(FRAME_S));
    assertThat(streamEnd(file, 1, 0.020)).isCloseTo(2.02, within(0.020));
    if (seekable) {
      double duration = Double.parseDouble(Ffmpeg.value(probe, "format.duration"));
      assertThat(duration).isCloseTo(2.02, within(FRAME_S));
    } else {
      assertThat(Ffmpeg.value(probe, "format.duration")).isEqualTo("N/A"); // never finalized
    }
  }

  @Test
  void videoOnly() throws IOException {
    Path file =
        mux("video", WebmMuxerConfig.videoOnly(320, 180), true, video, Collections.emptyList());
    assertDecodesCleanly(file);
    String probe = Ffmpeg.probe(file);
    assertThat(Ffmpeg.value(probe, "format.nb_streams")).isEqualTo("1");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.codec_name")).isEqualTo("vp8");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.nb_read_packets")).isEqualTo("60");
    assertThat(Double.parseDouble(Ffmpeg.value(probe, "format.duration")))
        .isCloseTo(2.0, within(FRAME_S));
  }

  @Test
  void audioOnly() throws IOException {
    Path file = mux("audio", WebmMuxerConfig.audioOnly(2), true, Collections.emptyList(), audio);
    assertDecodesCleanly(file);
    String probe = Ffmpeg.probe(file);
    assertThat(Ffmpeg.value(probe, "format.nb_streams")).isEqualTo("1");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.codec_name")).isEqualTo("opus");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.nb_read_packets")).isEqualTo("101");
    assertThat(Double.parseDouble(Ffmpeg.value(probe, "format.duration")))
        .isCloseTo(2.02, within(0.020));
  }

  @Test
  void audioStartingBeforeVideoWhichJoinsMidGop() throws IOException {
    // Video joins 0.5 s after the audio at frame 5 of its first GOP: frames 5..29 cannot be
    // decoded and are dropped, the file's video starts with the key frame at 1.5 s.
    List<Frame> lateVideo = Feed.shift(video.subList(5, 60), 45_000);
    InMemoryWebmSink memory = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), memory);
    Feed.interleave(muxer, lateVideo, audio, 90_000);
    muxer.close();
    assertThat(muxer.stats().dropped(DropReason.WAITING_FOR_KEYFRAME)).isEqualTo(25);
    Path file = dir.resolve("late-video.webm");
    Files.write(file, memory.toByteArray());

    assertDecodesCleanly(file);
    List<long[]> packets = Ffmpeg.packets(file);
    long firstVideo =
        packets.stream().filter(p -> p[0] == 0).mapToLong(p -> p[1]).min().orElseThrow();
    long firstAudio =
        packets.stream().filter(p -> p[0] == 1).mapToLong(p -> p[1]).min().orElseThrow();
    assertThat(firstAudio).isZero();
    assertThat(firstVideo).isEqualTo(1500); // 0.5 s + 30 frames
    assertThat(packets.stream().filter(p -> p[0] == 0)).hasSize(30);
    assertThat(packets.stream().filter(p -> p[0] == 0).findFirst().orElseThrow()[3]).isEqualTo(1);
    double duration = Double.parseDouble(Ffmpeg.value(Ffmpeg.probe(file), "format.duration"));
    assertThat(duration).isCloseTo(2.5, within(FRAME_S)); // video ends at 0.5 + 2 s
  }

  @ParameterizedTest(name = "seekable sink: {0}")
  @ValueSource(booleans = {true, false})
  void midStreamResolutionChangesDecodeWithoutAnErrorAndEveryFrameHasItsSize(boolean seekable)
      throws IOException {
    List<Frame> large = Samples.vp8Large();
    // 320x180 for 2 s, 640x360 for 2 s, 320x180 again for 2 s: a WebRTC ramp up and down.
    List<Frame> changing = Feed.concat(Feed.concat(video, large, FRAME_90K), video, FRAME_90K);
    List<Frame> sound = Feed.concat(Feed.concat(audio, audio, 1800), audio, 1800);
    Path file =
        mux("resize", WebmMuxerConfig.videoAndAudio(320, 180, 2), seekable, changing, sound);

    assertDecodesCleanly(file);
    List<String> sizes = Ffmpeg.videoFrameSizes(file);
    assertThat(sizes).hasSize(180);
    assertThat(sizes.subList(0, 60)).containsOnly("320x180");
    assertThat(sizes.subList(60, 120)).containsOnly("640x360");
    assertThat(sizes.subList(120, 180)).containsOnly("320x180");
    String probe = Ffmpeg.probe(file);
    // Finalized files announce the largest size; live ones the first key frame's.
    assertThat(Ffmpeg.value(probe, "streams.stream.0.width")).isEqualTo(seekable ? "640" : "320");
    assertThat(Ffmpeg.value(probe, "streams.stream.0.height")).isEqualTo(seekable ? "360" : "180");
    assertThat(streamEnd(file, 0, FRAME_S)).isCloseTo(6.0, within(FRAME_S));

    // ffmpeg can also re-encode across the change (its filter graph reconfigures silently).
    Path out = dir.resolve("resize-reencoded.webm");
    Ffmpeg.Result r =
        Ffmpeg.run(
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            file.toString(),
            "-c:v",
            "libvpx",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-b:v",
            "200k",
            "-c:a",
            "copy",
            out.toString());
    assertThat(r.output()).isEmpty();
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aClockJumpOfHoursLeavesAShortContinuousFile() throws IOException {
    List<Frame> v = Feed.concat(video, video, FRAME_90K);
    List<Frame> a = Feed.concat(audio, audio, 1800);
    // The second half of both tracks is stamped three hours later.
    long jump = 3L * 3600 * 90_000;
    List<Frame> vj = new java.util.ArrayList<>(v.subList(0, 60));
    vj.addAll(Feed.shift(v.subList(60, 120), jump));
    List<Frame> aj = new java.util.ArrayList<>(a.subList(0, 101));
    aj.addAll(Feed.shift(a.subList(101, 202), jump));
    InMemoryWebmSink memory = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), memory);
    Feed.interleave(muxer, vj, aj, 90_000);
    muxer.close();
    assertThat(muxer.stats().timestampDiscontinuities()).isEqualTo(1);
    assertThat(muxer.stats().droppedTotal()).isZero();
    Path file = dir.resolve("jump.webm");
    Files.write(file, memory.toByteArray());
    assertDecodesCleanly(file);
    double duration = Double.parseDouble(Ffmpeg.value(Ffmpeg.probe(file), "format.duration"));
    assertThat(duration).isCloseTo(4.04, within(FRAME_S));
  }
}
