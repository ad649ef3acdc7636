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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipantRecordingTest {
  @TempDir Path dir;

  final AtomicLong nowMs = new AtomicLong(1_000);
  final Instant roomOrigin = Instant.parse("2026-11-21T10:00:00Z");
  final List<String> events = new ArrayList<>();

  ParticipantRecording recording(Path folder) {
    return new ParticipantRecording(
        folder,
        "room_cam1_1700000000",
        "cam1",
        roomOrigin,
        () -> roomOrigin.plusMillis(nowMs.get()),
        nowMs::get,
        () -> new ParticipantRecording.Counters(3, 2, 4, 1, 0),
        new ParticipantRecording.Listener() {
          @Override
          public void onRecordingStarted(Path file) {
            events.add("started " + file.getFileName());
          }

          @Override
          public void onRecordingStopped(Path file, Duration d, long bytes, String reason) {
            events.add("stopped " + file.getFileName() + " " + reason);
          }

          @Override
          public void onError(String message) {
            events.add("error " + message);
          }
        });
  }

  /** Feeds 2 s of H.264 and Opus as a session would, audio starting 300 ms before video. */
  void feed(ParticipantRecording r, long startPts) {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    List<byte[]> audio = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
    int a = 0;
    for (int v = 0; v < video.size(); v++) {
      long videoPts = startPts + 27_000 + v * SampleMedia.VIDEO_FRAME_TICKS;
      while (a < audio.size() && startPts + a * SampleMedia.AUDIO_PACKET_TICKS <= videoPts) {
        byte[] p = audio.get(a);
        r.onAudioFrame(p, 0, p.length, startPts + a * SampleMedia.AUDIO_PACKET_TICKS);
        a++;
      }
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame("H264", au.data(), 0, au.data().length, videoPts, au.keyframe(), 320, 180);
      nowMs.addAndGet(33);
    }
  }

  /**
   * The sample video with the sample audio delivered as it would arrive: each audio packet after
   * the video frame that is {@code audioLag} ticks later than it, stamped {@code audioPts(index)}.
   */
  static void interleave(
      ParticipantRecording r, long audioLag, java.util.function.IntToLongFunction audioPts) {
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    List<byte[]> audio = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
    int a = 0;
    for (int v = 0; v < video.size(); v++) {
      long videoPts = v * SampleMedia.VIDEO_FRAME_TICKS;
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame("H264", au.data(), 0, au.data().length, videoPts, au.keyframe(), 320, 180);
      while (a < audio.size() && a * SampleMedia.AUDIO_PACKET_TICKS <= videoPts - audioLag) {
        r.onAudioFrame(audio.get(a), 0, audio.get(a).length, audioPts.applyAsLong(a));
        a++;
      }
    }
  }

  @Test
  void framesBecomeOneDecodableTsFileWithASidecar() throws IOException {
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", true);
    feed(r, 5_000_000);
    r.close("participant left");
    r.close("again");

    Path file = dir.resolve("room_cam1_1700000000.ts");
    assertThat(events)
        .containsExactly(
            "started room_cam1_1700000000.ts", "stopped room_cam1_1700000000.ts participant left");
    assertThat(Ffmpeg.decodeErrors(file)).isEmpty();
    assertThat(Ffprobe.stream(file, "video").codecName()).isEqualTo("h264");
    assertThat(Ffprobe.stream(file, "audio").codecName()).isEqualTo("opus");
    assertThat(r.videoFrames()).isEqualTo(60);
    // Audio starts 300 ms before the 60 video frames (1.967 s).
    assertThat(r.duration().toMillis()).isBetween(2200L, 2300L);

    String sidecar = Files.readString(dir.resolve("room_cam1_1700000000.ts.json"));
    assertThat(sidecar)
        .contains("\"streamId\": \"cam1\"")
        .contains("\"videoCodec\": \"H264\"")
        .contains("\"audioCodec\": \"OPUS\"")
        .contains("\"width\": 320, \"height\": 180")
        .contains("\"packetsLost\": 3")
        .contains("\"packetsRecovered\": 2")
        .contains("\"complete\": true")
        .contains("\"roomOffsetSeconds\": 1.000");
  }

  @Test
  void videoBeforeTheFirstKeyframeOpensNothing() {
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", false);
    SampleMedia.AccessUnit delta = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180).get(1);
    assertThat(delta.keyframe()).isFalse();
    r.onVideoFrame("H264", delta.data(), 0, delta.data().length, 1000, false, 320, 180);
    assertThat(r.path()).isNull();
    assertThat(events).isEmpty();
  }

  @Test
  void anUnwritableFolderIsAnErrorEventNotAnException() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("occupied"), "x");
    ParticipantRecording r = recording(notAFolder);
    r.onNegotiated("H264", true);
    feed(r, 0);
    r.close("end");
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).startsWith("error cannot create the recording");
  }

  @Test
  void aFileMovedAwayWhileRecordingIsStillFinalizedWhereItWent() throws IOException {
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", true);
    feed(r, 0);
    Path file = r.path();
    // An operator moves the file while it records: the open handle follows it (POSIX).
    Files.move(file, dir.resolve("moved.ts"));
    r.close("end");
    assertThat(Ffmpeg.decodeErrors(dir.resolve("moved.ts"))).isEmpty();
    assertThat(Ffprobe.stream(dir.resolve("moved.ts"), "video").codecName()).isEqualTo("h264");
  }

  @Test
  void aTrackArrivingBehindTheOtherIsWrittenInPresentationOrder() throws IOException {
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", true);
    // Audio arrives 200 ms (within the window) behind the video it belongs with.
    interleave(r, 18_000, a -> a * SampleMedia.AUDIO_PACKET_TICKS);
    r.close("end");
    assertThat(r.droppedLate()).isZero();
    io.roomrecorder.ts.reader.TsSummary summary =
        io.roomrecorder.ts.reader.TsReader.read(Files.readAllBytes(r.path()));
    assertThat(summary.clean()).as(summary.describe()).isTrue();
    assertThat(Ffmpeg.decodeErrors(r.path())).isEmpty();
  }

  @Test
  void framesLaterThanTheWindowAreDroppedAndTheFileStaysValid() throws IOException {
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", true);
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    List<byte[]> audio = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
    // A burst: two seconds of video first, then the audio of the same two seconds.
    for (int v = 0; v < video.size(); v++) {
      SampleMedia.AccessUnit au = video.get(v);
      r.onVideoFrame(
          "H264",
          au.data(),
          0,
          au.data().length,
          v * SampleMedia.VIDEO_FRAME_TICKS,
          au.keyframe(),
          320,
          180);
    }
    for (int i = 0; i < audio.size(); i++) {
      r.onAudioFrame(audio.get(i), 0, audio.get(i).length, i * SampleMedia.AUDIO_PACKET_TICKS);
    }
    r.close("end");
    long windowStart = 59 * SampleMedia.VIDEO_FRAME_TICKS - ParticipantRecording.MAX_INTERLEAVE_90K;
    assertThat(r.droppedLate())
        .as("audio older than what was already written")
        .isEqualTo(
            (windowStart + SampleMedia.AUDIO_PACKET_TICKS - 1) / SampleMedia.AUDIO_PACKET_TICKS);
    io.roomrecorder.ts.reader.TsSummary summary =
        io.roomrecorder.ts.reader.TsReader.read(Files.readAllBytes(r.path()));
    assertThat(summary.clean()).as(summary.describe()).isTrue();
    assertThat(Ffmpeg.decodeErrors(r.path())).isEmpty();
  }

  @Test
  void aTrackWhoseClockStepsBackDropsItsWaitingFramesAndTheFileStaysInOrder() throws IOException {
    // Seen under load: audio started on arrival time 4 s off, then its first sender report moved
    // it back. Its frames of the old mapping must not come out after the new ones.
    ParticipantRecording r = recording(dir);
    r.onNegotiated("H264", true);
    // The first 0.4 s of audio mapped 4 s too late.
    interleave(r, 0, a -> a * SampleMedia.AUDIO_PACKET_TICKS + (a < 20 ? 360_000 : 0));
    r.close("end");
    assertThat(r.droppedRetimed()).isEqualTo(20);
    assertThat(r.droppedLate()).isZero();
    io.roomrecorder.ts.reader.TsSummary summary =
        io.roomrecorder.ts.reader.TsReader.read(Files.readAllBytes(r.path()));
    assertThat(summary.clean()).as(summary.describe()).isTrue();
    assertThat(summary.streams())
        .allSatisfy(st -> assertThat(st.durationSeconds()).isLessThan(2.1));
    assertThat(Ffmpeg.decodeErrors(r.path())).isEmpty();
  }
}
