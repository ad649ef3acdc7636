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
}
