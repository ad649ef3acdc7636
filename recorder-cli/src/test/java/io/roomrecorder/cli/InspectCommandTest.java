package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.ts.TsMuxer;
import io.roomrecorder.ts.TsMuxerConfig;
import io.roomrecorder.ts.testing.FileTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import io.roomrecorder.webm.InMemoryWebmSink;
import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.testing.Vp8Frames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect} on MPEG-TS files written by our muxer from real H.264 and Opus samples, and on
 * WebM files written by our WebM muxer.
 */
class InspectCommandTest {
  static final List<AccessUnit> VIDEO = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
  static final List<byte[]> AUDIO = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);

  @TempDir Path dir;
  Path file;

  @BeforeEach
  void writeARecording() {
    file = dir.resolve("room_cam1_1763719200.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), new FileTsSink(file))) {
      int v = 0;
      int a = 0;
      long start = 90_000;
      while (v < VIDEO.size() || a < AUDIO.size()) {
        long vp = v < VIDEO.size() ? start + v * SampleMedia.VIDEO_FRAME_TICKS : Long.MAX_VALUE;
        long ap = a < AUDIO.size() ? start + a * SampleMedia.AUDIO_PACKET_TICKS : Long.MAX_VALUE;
        if (vp <= ap) {
          AccessUnit au = VIDEO.get(v++);
          assertThat(muxer.writeVideo(au.data(), 0, au.data().length, vp, au.keyframe())).isTrue();
        } else {
          byte[] p = AUDIO.get(a++);
          assertThat(muxer.writeAudio(p, 0, p.length, ap)).isTrue();
        }
      }
    }
  }

  @Test
  void aValidRecordingIsSummarisedWithExitCode0() {
    CliRun run = CliRun.run("inspect", file.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .startsWith(file + ": valid")
        .contains("h264: " + VIDEO.size() + " frames")
        .contains("320x180")
        .contains("opus: " + AUDIO.size() + " frames")
        .contains("continuity errors: 0, problems: 0");
  }

  @Test
  void jsonGivesStreamsCodecsResolutionFramesAndDuration() throws Exception {
    CliRun run = CliRun.run("inspect", "--json", file.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.OK);
    JsonNode node = new ObjectMapper().readTree(run.out);
    assertThat(node.get("valid").asBoolean()).isTrue();
    assertThat(node.get("file").asText()).isEqualTo(file.toString());
    assertThat(node.get("problem_count").asLong()).isZero();
    JsonNode video = node.get("streams").get(0);
    assertThat(video.get("codec").asText()).isEqualTo("h264");
    assertThat(video.get("width").asInt()).isEqualTo(320);
    assertThat(video.get("height").asInt()).isEqualTo(180);
    assertThat(video.get("frames").asLong()).isEqualTo(VIDEO.size());
    assertThat(video.get("duration_seconds").asDouble())
        .isCloseTo(VIDEO.size() / 30.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(node.get("streams").get(1).get("codec").asText()).isEqualTo("opus");
    assertThat(node.get("duration_seconds").asDouble()).isGreaterThan(1.9);
  }

  @Test
  void aDamagedRecordingListsItsProblemsWithExitCode1() throws Exception {
    byte[] ts = Files.readAllBytes(file);
    // Cut 188 bytes out of the middle: a continuity-counter gap and a broken PES follow.
    int cut = (ts.length / 188 / 2) * 188;
    byte[] damaged = new byte[ts.length - 188];
    System.arraycopy(ts, 0, damaged, 0, cut);
    System.arraycopy(ts, cut + 188, damaged, cut, ts.length - cut - 188);
    Path bad = dir.resolve("damaged.ts");
    Files.write(bad, damaged);

    CliRun run = CliRun.run("inspect", bad.toString());
    CliRun json = CliRun.run("inspect", "--json", bad.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out).contains("PROBLEMS FOUND").contains("CONTINUITY_ERROR");
    JsonNode node = new ObjectMapper().readTree(json.out);
    assertThat(node.get("valid").asBoolean()).isFalse();
    assertThat(node.get("continuity_errors").asLong()).isPositive();
    assertThat(node.get("problem_counts").get("CONTINUITY_ERROR").asLong()).isPositive();
  }

  @Test
  void aFileThatIsNotTransportStreamIsNotValid() throws Exception {
    Path text = dir.resolve("notes.ts");
    Files.writeString(text, "not a transport stream\n".repeat(100));

    CliRun run = CliRun.run("inspect", text.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out).contains("SYNC_LOSS");
  }

  @Test
  void oneBadFileAmongSeveralMakesTheExitCode1() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.ts"));

    CliRun run = CliRun.run("inspect", file.toString(), empty.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out).contains(file + ": valid").contains(empty + ": NO TS PACKETS");
  }

  @Test
  void aTimestampGapIsReportedWithWhereItIs() throws Exception {
    Path gappy = dir.resolve("gap.ts");
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), new FileTsSink(gappy))) {
      long pts = 90_000;
      for (int i = 0; i < VIDEO.size(); i++) {
        if (i == 30) {
          pts += 90_000; // the sender froze for one second after the first second
        }
        AccessUnit au = VIDEO.get(i);
        assertThat(muxer.writeVideo(au.data(), 0, au.data().length, pts, au.keyframe())).isTrue();
        pts += SampleMedia.VIDEO_FRAME_TICKS;
      }
    }

    CliRun run = CliRun.run("inspect", gappy.toString());
    JsonNode json =
        new ObjectMapper().readTree(CliRun.run("inspect", "--json", gappy.toString()).out);

    assertThat(run.out).contains("1 gaps").contains("gap in h264: 1.033 s at 0.967 s");
    JsonNode gap = json.get("streams").get(0).get("gaps").get(0);
    assertThat(gap.get("seconds").asDouble()).isEqualTo(93_000 / 90_000.0);
  }

  @Test
  void aMissingFileIsAFailureWithoutAStackTrace() {
    CliRun run = CliRun.run("inspect", dir.resolve("nope.ts").toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err).contains("cannot read").doesNotContain("\tat ");
  }

  /** 2 s of 320x180 VP8 at 30 fps (key frame each second) and 20 ms Opus packets. */
  static byte[] webmRecording(boolean close) {
    InMemoryWebmSink sink = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), sink);
    byte[] opus = Vp8Frames.opus20ms(40);
    int a = 0;
    for (int v = 0; v < 60; v++) {
      long pts = v * 3000L;
      byte[] f = v % 30 == 0 ? Vp8Frames.keyframe(320, 180, 600) : Vp8Frames.interframe(200);
      assertThat(muxer.writeVideo(f, 0, f.length, pts, v % 30 == 0)).isTrue();
      while (a * 1800L < pts + 3000 && a < 100) {
        assertThat(muxer.writeAudio(opus, 0, opus.length, a++ * 1800L)).isTrue();
      }
      if (v % 10 == 9) {
        muxer.flush();
      }
    }
    if (close) {
      muxer.close();
      return sink.toByteArray();
    }
    return sink.flushedBytes(); // what a crashed recorder leaves on disk
  }

  @Test
  void aValidWebmRecordingIsSummarisedWithExitCode0() throws Exception {
    Path webm = Files.write(dir.resolve("room_cam2_1763719200.webm"), webmRecording(true));

    CliRun run = CliRun.run("inspect", webm.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .startsWith(webm + ": valid\n")
        .contains("DocType webm")
        .contains("track 1 video V_VP8 320x180: 60 frames, 2 keyframes")
        .contains("track 2 audio A_OPUS 2 ch 48000 Hz: 100 frames")
        .contains("problems: 0, notes: 0");
  }

  @Test
  void webmJsonGivesTracksCodecsResolutionFramesAndDuration() throws Exception {
    Path webm = Files.write(dir.resolve("room_cam2_1763719200.mkv"), webmRecording(true));

    CliRun run = CliRun.run("inspect", "--json", webm.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    JsonNode node = new ObjectMapper().readTree(run.out);
    assertThat(node.get("format").asText()).isEqualTo("webm");
    assertThat(node.get("valid").asBoolean()).isTrue();
    assertThat(node.get("file").asText()).isEqualTo(webm.toString());
    assertThat(node.get("problem_count").asLong()).isZero();
    assertThat(node.get("live").asBoolean()).isFalse();
    JsonNode video = node.get("tracks").get(0);
    assertThat(video.get("codec").asText()).isEqualTo("V_VP8");
    assertThat(video.get("type").asText()).isEqualTo("video");
    assertThat(video.get("width").asInt()).isEqualTo(320);
    assertThat(video.get("height").asInt()).isEqualTo(180);
    assertThat(video.get("frames").asLong()).isEqualTo(60);
    assertThat(video.get("keyframes").asLong()).isEqualTo(2);
    assertThat(video.get("duration_seconds").asDouble())
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1 / 30.0));
    JsonNode audio = node.get("tracks").get(1);
    assertThat(audio.get("codec").asText()).isEqualTo("A_OPUS");
    assertThat(audio.get("frames").asLong()).isEqualTo(100);
    assertThat(node.get("declared_duration_seconds").asDouble())
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(node.get("notes")).isEmpty();
  }

  @Test
  void aWebmRecordingCutByACrashIsValidWithANote() throws Exception {
    byte[] flushed = webmRecording(false);
    // The disk lost the tail of the last write: cut 100 octets into the last frame's bytes.
    Path webm =
        Files.write(dir.resolve("crashed.webm"), Arrays.copyOf(flushed, flushed.length - 150));

    CliRun run = CliRun.run("inspect", webm.toString());
    JsonNode json =
        new ObjectMapper().readTree(CliRun.run("inspect", "--json", webm.toString()).out);

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(run.out).contains(": valid (see notes)").contains("TRUNCATED_LAST_CLUSTER");
    assertThat(json.get("valid").asBoolean()).isTrue();
    assertThat(json.get("live").asBoolean()).isTrue();
    assertThat(json.get("declared_duration_seconds").isNull()).isTrue();
    assertThat(json.get("notes").get(0).get("kind").asText()).isEqualTo("TRUNCATED_LAST_CLUSTER");
    assertThat(json.get("tracks").get(0).get("frames").asLong()).isBetween(50L, 59L);
  }

  @Test
  void aDamagedWebmRecordingListsItsProblemsWithExitCode1() throws Exception {
    byte[] good = webmRecording(true);
    // Cut the file inside its Tracks: no track is declared, and the file ends early.
    Path bad = Files.write(dir.resolve("damaged.webm"), Arrays.copyOf(good, 200));
    Path junk = Files.write(dir.resolve("junk.webm"), "not a webm file\n".repeat(50).getBytes());

    CliRun run = CliRun.run("inspect", bad.toString(), junk.toString());
    JsonNode json =
        new ObjectMapper().readTree(CliRun.run("inspect", "--json", bad.toString()).out);

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out)
        .contains(bad + ": PROBLEMS FOUND")
        .contains("TRUNCATED")
        .contains(junk + ": PROBLEMS FOUND")
        .contains("MISSING_EBML_HEADER");
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("problem_counts").get("TRUNCATED").asLong()).isEqualTo(1);
    assertThat(json.get("problems").get(0).get("kind").asText()).isEqualTo("TRUNCATED");
  }

  @Test
  void theFormatIsRecognisedFromTheContentNotTheName() throws Exception {
    Path webmNamedTs = Files.write(dir.resolve("misnamed.ts"), webmRecording(true));
    Path tsNamedWebm = Files.copy(file, dir.resolve("misnamed.webm"));

    JsonNode webm =
        new ObjectMapper().readTree(CliRun.run("inspect", "--json", webmNamedTs.toString()).out);
    JsonNode ts =
        new ObjectMapper().readTree(CliRun.run("inspect", "--json", tsNamedWebm.toString()).out);

    assertThat(webm.get("format").asText()).isEqualTo("webm");
    assertThat(webm.get("valid").asBoolean()).isTrue();
    assertThat(ts.get("format").asText()).isEqualTo("ts");
    assertThat(ts.get("valid").asBoolean()).isTrue();
  }

  @Test
  void anEmptyWebmFileIsNotValid() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.webm"));

    CliRun run = CliRun.run("inspect", empty.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out).contains(empty + ": PROBLEMS FOUND").contains("MISSING_EBML_HEADER");
  }
}
