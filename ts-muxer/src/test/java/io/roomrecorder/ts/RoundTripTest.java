package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import io.roomrecorder.ts.testing.FileTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real media through the muxer, checked by ffprobe/ffmpeg. */
class RoundTripTest {
  static final List<AccessUnit> VIDEO = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
  static final List<byte[]> AUDIO = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);

  @TempDir Path dir;

  /** Interleaves video and audio in PTS order, as a recorder would deliver them. */
  static void muxInterleaved(
      TsMuxer muxer, List<AccessUnit> video, long videoStart, List<byte[]> audio, long audioStart) {
    int v = 0;
    int a = 0;
    while (v < video.size() || a < audio.size()) {
      long vp = v < video.size() ? videoStart + v * SampleMedia.VIDEO_FRAME_TICKS : Long.MAX_VALUE;
      long ap = a < audio.size() ? audioStart + a * SampleMedia.AUDIO_PACKET_TICKS : Long.MAX_VALUE;
      if (vp <= ap) {
        AccessUnit au = video.get(v++);
        assertThat(muxer.writeVideo(au.data(), 0, au.data().length, vp, au.keyframe())).isTrue();
      } else {
        byte[] p = audio.get(a++);
        assertThat(muxer.writeAudio(p, 0, p.length, ap)).isTrue();
      }
    }
  }

  /** Like {@link #muxInterleaved} but without requiring every input to be accepted. */
  static void muxInterleavedAllowingDrops(
      TsMuxer muxer, List<AccessUnit> video, long videoStart, List<byte[]> audio, long audioStart) {
    int v = 0;
    int a = 0;
    while (v < video.size() || a < audio.size()) {
      long vp = v < video.size() ? videoStart + v * SampleMedia.VIDEO_FRAME_TICKS : Long.MAX_VALUE;
      long ap = a < audio.size() ? audioStart + a * SampleMedia.AUDIO_PACKET_TICKS : Long.MAX_VALUE;
      if (vp <= ap) {
        AccessUnit au = video.get(v++);
        muxer.writeVideo(au.data(), 0, au.data().length, vp, au.keyframe());
      } else {
        byte[] p = audio.get(a++);
        muxer.writeAudio(p, 0, p.length, ap);
      }
    }
  }

  @Test
  void videoAndAudioSurviveTheRoundTrip() {
    Path out = dir.resolve("av.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(out))) {
      muxInterleaved(muxer, VIDEO, 0, AUDIO, 0);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(out, "video");
    Ffprobe.Stream audio = Ffprobe.stream(out, "audio");
    assertThat(video.codecName()).isEqualTo("h264");
    assertThat(video.width()).isEqualTo(320);
    assertThat(video.height()).isEqualTo(180);
    assertThat(video.frames()).isEqualTo(VIDEO.size());
    assertThat(video.packets()).isEqualTo(VIDEO.size());
    assertThat(video.duration()).isCloseTo(2.0, within(1 / 30.0));
    assertThat(audio.codecName()).isEqualTo("opus");
    assertThat(audio.channels()).isEqualTo(2);
    assertThat(audio.sampleRate()).isEqualTo(48000);
    assertThat(audio.packets()).isEqualTo(AUDIO.size());
    assertThat(audio.duration()).isCloseTo(AUDIO.size() * 0.02, within(0.02));
    assertStrictlyIncreasing(Ffprobe.packets(out, "v:0"));
    assertStrictlyIncreasing(Ffprobe.packets(out, "a:0"));
  }

  static void assertStrictlyIncreasing(List<Ffprobe.Packet> packets) {
    List<Double> pts = new ArrayList<>();
    for (Ffprobe.Packet p : packets) {
      pts.add(p.pts());
    }
    assertThat(pts).isNotEmpty().doesNotContain(Double.NaN).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void videoOnlyProgram() {
    Path out = dir.resolve("video.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), new FileTsSink(out))) {
      muxInterleaved(muxer, VIDEO, 0, List.of(), 0);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    List<Ffprobe.Stream> streams = Ffprobe.streams(out);
    assertThat(streams).hasSize(1);
    assertThat(streams.get(0).codecName()).isEqualTo("h264");
    assertThat(streams.get(0).frames()).isEqualTo(60);
    assertThat(streams.get(0).duration()).isCloseTo(2.0, within(1 / 30.0));
    assertStrictlyIncreasing(Ffprobe.packets(out, "v:0"));
  }

  @Test
  void audioOnlyMonoProgram() {
    Path out = dir.resolve("audio.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.audioOnly(1), new FileTsSink(out))) {
      muxInterleaved(muxer, List.of(), 0, AUDIO, 0);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    List<Ffprobe.Stream> streams = Ffprobe.streams(out);
    assertThat(streams).hasSize(1);
    assertThat(streams.get(0).codecName()).isEqualTo("opus");
    assertThat(streams.get(0).channels()).isEqualTo(1); // what the PMT says; the decoder downmixes
    assertThat(streams.get(0).packets()).isEqualTo(AUDIO.size());
    assertThat(streams.get(0).frames()).isEqualTo(AUDIO.size());
    assertStrictlyIncreasing(Ffprobe.packets(out, "a:0"));
  }

  @Test
  void videoJoiningLateStartsAtItsFirstKeyframeAndStaysInSync() {
    Path out = dir.resolve("late.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(out))) {
      muxInterleavedAllowingDrops(muxer, VIDEO.subList(10, 60), 10 * 3000, AUDIO, 0);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(out, "video");
    Ffprobe.Stream audio = Ffprobe.stream(out, "audio");
    assertThat(video.frames()).isEqualTo(30);
    assertThat(video.startTime() - audio.startTime()).isCloseTo(1.0, within(0.001));
    assertThat(Ffprobe.packets(out, "v:0").get(0).keyframe()).isTrue();
  }

  @Test
  void accessUnitsWithoutAudOrInBandParameterSetsStillDecode() {
    Path out = dir.resolve("stripped.ts");
    List<AccessUnit> stripped = new ArrayList<>();
    for (int i = 0; i < VIDEO.size(); i++) {
      stripped.add(i == 0 ? VIDEO.get(i).without(9) : VIDEO.get(i).without(9, 7, 8));
    }
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(out))) {
      muxInterleaved(muxer, stripped, 0, AUDIO, 0);
      assertThat(muxer.stats().audsInserted()).isEqualTo(60);
      assertThat(muxer.stats().parameterSetsInserted()).isEqualTo(2);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    assertThat(Ffprobe.stream(out, "video").frames()).isEqualTo(60);
  }

  @Test
  void aMidFileResolutionChangeStaysPlayableAndDecodesInPureJava() throws Exception {
    Path out = dir.resolve("resize.ts");
    List<AccessUnit> both = new ArrayList<>(VIDEO);
    both.addAll(SampleMedia.h264AccessUnits(SampleMedia.VIDEO_480x272));
    List<byte[]> audio = new ArrayList<>(AUDIO);
    audio.addAll(AUDIO.subList(0, 50));
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(out))) {
      muxInterleaved(muxer, both, 0, audio, 0);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    assertThat(Ffprobe.stream(out, "video").frames()).isEqualTo(90);

    io.roomrecorder.ts.reader.TsSummary summary;
    List<String> sizes = new ArrayList<>();
    org.jcodec.codecs.h264.H264Decoder decoder = new org.jcodec.codecs.h264.H264Decoder();
    byte[][] buffer = new byte[3][1920 * 1088];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(out)) {
      summary =
          io.roomrecorder.ts.reader.TsReader.read(
              in,
              (pid, type, pts, b, off, len) -> {
                if (type == 0x1B) {
                  org.jcodec.common.model.Picture picture =
                      decoder.decodeFrame(java.nio.ByteBuffer.wrap(b, off, len), buffer);
                  sizes.add(
                      picture == null
                          ? "undecodable"
                          : picture.getCroppedWidth() + "x" + picture.getCroppedHeight());
                }
              });
    }
    assertThat(summary.problems()).isEmpty();
    assertThat(sizes).hasSize(90);
    assertThat(sizes.subList(0, 60)).containsOnly("320x180");
    assertThat(sizes.subList(60, 90)).containsOnly("480x272");
    assertThat(summary.stream("h264").resolutions())
        .extracting(r -> r.width() + "x" + r.height())
        .containsExactly("320x180", "480x272");
  }

  @Test
  void timestampsAcross2pow33PlayWithoutAJump() {
    Path out = dir.resolve("wrap.ts");
    long start = (1L << 33) - 90_000 - TsMuxer.PTS_DELAY_90K; // wraps one second in
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(out))) {
      muxInterleaved(muxer, VIDEO, start, AUDIO, start);
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(out, "video");
    assertThat(video.frames()).isEqualTo(60);
    assertThat(video.duration()).isCloseTo(2.0, within(1 / 30.0));
    assertStrictlyIncreasing(Ffprobe.packets(out, "v:0"));
    assertStrictlyIncreasing(Ffprobe.packets(out, "a:0"));
  }

  @Test
  void audioWithSilenceGapsLikeOpusDtxKeepsEveryPacketAtItsTime() {
    Path out = dir.resolve("dtx.ts");
    List<Long> sent = new ArrayList<>();
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.audioOnly(2), new FileTsSink(out))) {
      for (int i = 0; i < AUDIO.size(); i++) {
        if ((i / 10) % 3 == 1) {
          continue; // 200 ms of nothing every 600 ms, as a DTX sender does in silence
        }
        byte[] p = AUDIO.get(i);
        assertThat(muxer.writeAudio(p, 0, p.length, i * 1800L)).isTrue();
        sent.add(i * 1800L);
      }
    }
    assertThat(Ffmpeg.decodeErrors(out)).isEmpty();
    List<Ffprobe.Packet> packets = Ffprobe.packets(out, "a:0");
    assertThat(packets).hasSize(sent.size());
    double start = packets.get(0).pts();
    for (int i = 0; i < sent.size(); i++) {
      assertThat(packets.get(i).pts() - start).isCloseTo(sent.get(i) / 90_000.0, within(1e-6));
    }
  }
}
