package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.VideoCodec;
import io.roomrecorder.testpeer.room.RecorderChild;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recorder process writing WebM (a VP8 publisher) killed with SIGKILL in the middle of a
 * recording ({@link Process#destroyForcibly()}: no shutdown hook, no close, no Cues, no Duration)
 * leaves a file that decodes without an error up to within about a second of the kill: Segment and
 * Clusters have unknown sizes and the file is flushed at least once a second.
 */
class Vp8KillRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(Vp8KillRecordingTest.class);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  @Timeout(90)
  void aWebmRecordingKilledWithSigkillDecodesUpToWithinASecondOfTheKill() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("recordings"));
    Path childLog = dir.resolve("child.log");
    Process child =
        RecorderChild.spawn(folder, childLog, "killroom", "vp8victim", VideoCodec.VP8, 11);
    long startedAt;
    Path recorded;
    long killedAt;
    try {
      String[] started = RecorderChild.awaitMarker(child, childLog, "started ", 40).split(" ", 3);
      startedAt = Long.parseLong(started[1]);
      recorded = Path.of(started[2]);
      // Record about 5 s, then kill at a moment unrelated to the flush period.
      Thread.sleep(5_150);
      killedAt = System.currentTimeMillis();
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    double recordedFor = (killedAt - startedAt) / 1000.0;

    // What the dead process left behind, copied as a user would pick it up.
    assertThat(recorded).exists().hasParent(folder);
    assertThat(recorded.getFileName().toString()).matches("killroom_vp8victim_\\d{10}\\.webm");
    Path webm = dir.resolve("killed.webm");
    Files.copy(recorded, webm);

    assertThat(Ffmpeg.decodeErrors(webm)).as("ffmpeg -v error").isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(webm, "video");
    Ffprobe.Stream audio = Ffprobe.stream(webm, "audio");
    assertThat(video.codecName()).isEqualTo("vp8");
    assertThat(video.width()).isEqualTo(SampleClip.WIDTH);
    assertThat(video.height()).isEqualTo(SampleClip.HEIGHT);
    assertThat(video.frames()).as("every video packet decodes").isEqualTo(video.packets());
    assertThat(audio.codecName()).isEqualTo("opus");

    // When was each frame of the file captured? The child's send log says.
    List<WebmTruth.Sent> sentVideo = new ArrayList<>();
    List<WebmTruth.Sent> sentAudio = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("sendlog.csv"))) {
      String[] f = line.split(",");
      WebmTruth.Sent s = new WebmTruth.Sent(Integer.parseInt(f[1]), Long.parseLong(f[2]));
      (f[0].equals("v") ? sentVideo : sentAudio).add(s);
    }
    WebmTruth.Result truth = WebmTruth.analyze(webm, sentVideo, sentAudio, SampleClip.vp8());
    WebmTruth.Found lastVideo = truth.video().get(truth.video().size() - 1);
    WebmTruth.Found lastAudio = truth.audio().get(truth.audio().size() - 1);
    long coveredUntilMicros =
        Math.max(
            lastVideo.captureMicros() + 1_000_000 / SampleClip.VIDEO_FPS,
            lastAudio.captureMicros() + 20_000);
    double lostAtKill = (killedAt * 1000 - coveredUntilMicros) / 1e6;
    double decodedSeconds =
        Math.max(
                lastVideo.ptsSeconds() + 1.0 / SampleClip.VIDEO_FPS, lastAudio.ptsSeconds() + 0.020)
            - Math.min(truth.video().get(0).ptsSeconds(), truth.audio().get(0).ptsSeconds());
    LOG.info(
        "SIGKILL after {} s of WebM recording ({} bytes on disk): {} VP8 frames and {} Opus"
            + " packets decode, {} s of media; the last of them was captured {} s before the"
            + " kill; A/V offset vs truth {} ms",
        String.format("%.3f", recordedFor),
        Files.size(webm),
        truth.video().size(),
        truth.audio().size(),
        String.format("%.3f", decodedSeconds),
        String.format("%.3f", lostAtKill),
        String.format("%.2f", truth.avOffsetMs()));
    assertThat(recordedFor).isGreaterThan(4.5);
    assertThat(truth.videoUnmatched()).isZero();
    assertThat(truth.audioUnmatched()).isZero();
    assertThat(truth.videoGaps()).as("sent frames missing inside the file").isZero();
    assertThat(truth.audioGaps()).as("sent packets missing inside the file").isZero();
    // Everything captured until about a second before the kill is in the file and decodes ...
    assertThat(lostAtKill).as("seconds of media lost at the kill").isBetween(0.0, 1.1);
    // ... and as much media decodes as the child recorded, less that second at most.
    assertThat(decodedSeconds).isGreaterThan(recordedFor - 1.1);
    assertThat(Math.abs(truth.avOffsetMs())).as("A/V offset, ms").isLessThan(40);

    // The sidecar written at the start says the file was never finalized.
    Path json = recorded.resolveSibling(recorded.getFileName() + ".json");
    assertThat(json).as("health sidecar").exists();
    JsonNode sidecar = new ObjectMapper().readTree(json.toFile());
    assertThat(sidecar.get("container").asText()).isEqualTo("webm");
    assertThat(sidecar.get("complete").asBoolean()).isFalse();
    assertThat(sidecar.get("endTime").isNull()).isTrue();
  }
}
