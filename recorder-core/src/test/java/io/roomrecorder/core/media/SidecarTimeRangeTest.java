package io.roomrecorder.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import io.roomrecorder.ts.testing.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's PTS range covers every frame in the file, also when the file opens on a video
 * keyframe and audio captured before it arrives afterwards (as after the A/V sync gate opens on a
 * burst: the end-to-end room tests saw audio up to 0.8 s older than the opening keyframe).
 */
class SidecarTimeRangeTest {
  @TempDir Path dir;

  private final AtomicLong nowMs = new AtomicLong();
  private final Instant roomOrigin = Instant.parse("2026-11-21T10:00:00Z");

  private ParticipantRecording recording() {
    return new ParticipantRecording(
        dir,
        "room_cam1_1700000000",
        "cam1",
        roomOrigin,
        () -> roomOrigin.plusMillis(nowMs.get()),
        nowMs::get,
        () -> ParticipantRecording.Counters.NONE,
        new ParticipantRecording.Listener() {
          @Override
          public void onRecordingStarted(Path file) {}

          @Override
          public void onRecordingStopped(Path file, Duration d, long bytes, String reason) {}

          @Override
          public void onError(String message) {}
        });
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as(key).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void audioOlderThanTheFirstKeyframeOpensTheFileBeforeIt() throws IOException {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    List<byte[]> audio = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
    long keyframePts = 900_000;
    long audioStart = keyframePts - 27_000; // captured 300 ms before the keyframe
    ParticipantRecording r = recording();
    r.onNegotiated("H264", true);
    // The keyframe and two more frames first, then the audio backlog, then both interleaved.
    for (int v = 0; v < 3; v++) {
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame(
          "H264", au.data(), 0, au.data().length, keyframePts + v * 3000L, au.keyframe(), 320, 180);
    }
    int a = 0;
    for (int v = 3; v < video.size(); v++) {
      long videoPts = keyframePts + v * 3000L;
      while (a < audio.size() && audioStart + a * 1800L <= videoPts) {
        r.onAudioFrame(audio.get(a), 0, audio.get(a).length, audioStart + a * 1800L);
        a++;
      }
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame("H264", au.data(), 0, au.data().length, videoPts, au.keyframe(), 320, 180);
      nowMs.addAndGet(33);
    }
    r.close("end");

    Path file = dir.resolve("room_cam1_1700000000.ts");
    assertThat(Ffmpeg.decodeErrors(file)).isEmpty();
    double firstVideo = Ffprobe.packets(file, "v:0").get(0).pts();
    double firstAudio = Ffprobe.packets(file, "a:0").get(0).pts();
    assertThat(firstVideo - firstAudio).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.001));

    String json = Files.readString(dir.resolve("room_cam1_1700000000.ts.json"));
    // Written in presentation order (the interleaving window), the older audio opens the file:
    // it is the first frame, at START_PTS (0.2 s), when the file opened on the room clock.
    assertThat(json).contains("\"firstPtsSeconds\": 0.200");
    assertThat(json).contains("\"roomOffsetSeconds\": 0.000");
    assertThat(json).contains("\"startTime\": \"2026-11-21T10:00:00Z\"");
    assertThat(
            number(json, "resolutions\": \\[\\s*\\{\"atSeconds") - number(json, "firstPtsSeconds"))
        .isCloseTo(firstVideo - firstAudio, org.assertj.core.data.Offset.offset(0.002));
    // 60 video frames from the keyframe (1.967 s) plus the 0.3 s of audio before it.
    assertThat(number(json, "durationSeconds"))
        .isCloseTo(2.267, org.assertj.core.data.Offset.offset(0.002));
    assertThat(r.duration().toMillis()).isEqualTo(2266);
  }

  @Test
  void aKeyframeTheMuxerRefusesChangesNoResolution() throws IOException {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    ParticipantRecording r = recording();
    r.onNegotiated("H264", false);
    // Flagged as a keyframe, but only an access unit delimiter: no slice, the muxer drops it.
    byte[] noSlice = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    r.onVideoFrame("H264", noSlice, 0, noSlice.length, 90_000, true, 640, 360);
    for (int v = 0; v < video.size(); v++) {
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame(
          "H264", au.data(), 0, au.data().length, 93_000 + v * 3000L, au.keyframe(), 320, 180);
    }
    r.close("end");
    assertThat(r.videoFrames()).isEqualTo(video.size());
    String json = Files.readString(dir.resolve("room_cam1_1700000000.ts.json"));
    assertThat(json).doesNotContain("\"width\": 640").contains("\"width\": 320, \"height\": 180");
    // The first frame in the file is the real keyframe, 1/30 s after the refused one.
    assertThat(number(json, "resolutions\": \\[\\s*\\{\"atSeconds"))
        .isEqualTo(number(json, "firstPtsSeconds"));
  }

  @Test
  void aFileThatOpensOnABacklogIsPlacedOnTheRoomClockByItsMediaClock() throws IOException {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    ParticipantRecording r = recording();
    // PTS 0 is 1.000 s on the session clock; the first keyframe (PTS 1 s) was captured at 2.000 s
    // but reaches the recording only at 2.600 s, behind a backlog.
    r.onMediaClock(1_000);
    r.onNegotiated("H264", false);
    nowMs.set(2_600);
    for (int v = 0; v < video.size(); v++) {
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame(
          "H264", au.data(), 0, au.data().length, 90_000 + v * 3000L, au.keyframe(), 320, 180);
    }
    r.close("end");
    String json = Files.readString(dir.resolve("room_cam1_1700000000.ts.json"));
    assertThat(json).contains("\"roomOffsetSeconds\": 2.000");
    assertThat(json).contains("\"startTime\": \"2026-11-21T10:00:02Z\"");
  }

  @Test
  void withoutAMediaClockTheFileIsPlacedWhenItOpens() throws IOException {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    ParticipantRecording r = recording();
    r.onNegotiated("H264", false);
    nowMs.set(2_600);
    SampleMedia.AccessUnit au = video.get(0);
    r.onVideoFrame("H264", au.data(), 0, au.data().length, 90_000, true, 320, 180);
    r.close("end");
    String json = Files.readString(dir.resolve("room_cam1_1700000000.ts.json"));
    assertThat(json).contains("\"roomOffsetSeconds\": 2.600");
  }

  @Test
  void negativeSecondsAreWrittenWithTheirSign() {
    assertThat(Json.seconds(new StringBuilder(), -9_000).toString()).isEqualTo("-0.100");
    assertThat(Json.seconds(new StringBuilder(), -90_090).toString()).isEqualTo("-1.001");
    assertThat(Json.seconds(new StringBuilder(), 0).toString()).isEqualTo("0.000");
    assertThat(Json.seconds(new StringBuilder(), 18_000).toString()).isEqualTo("0.200");
    assertThat(Json.seconds(new StringBuilder(), 123_456_789).toString()).isEqualTo("1371.742");
  }
}
