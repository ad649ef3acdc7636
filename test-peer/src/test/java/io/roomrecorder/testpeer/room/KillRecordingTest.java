package io.roomrecorder.testpeer.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.VideoCodec;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * A recorder process killed with {@code kill -9} in the middle of a recording (no shutdown hook, no
 * close, no finalization) leaves a file that decodes up to within a second of the kill: the file
 * sink flushes at least once a second.
 */
class KillRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(KillRecordingTest.class);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  @Timeout(90)
  void aRecordingKilledWithSigkillDecodesUpToWithinASecondOfTheKill() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("recordings"));
    Path childLog = dir.resolve("child.log");
    Process child =
        RecorderChild.spawn(folder, childLog, RoomRig.ROOM, "victim", VideoCodec.H264, 9);
    long startedAt;
    Path ts;
    long killedAt;
    try {
      String started = RecorderChild.awaitMarker(child, childLog, "started ", 40);
      String[] parts = started.split(" ", 3);
      startedAt = Long.parseLong(parts[1]);
      ts = Path.of(parts[2]);
      // Record a while, then kill at a moment unrelated to the flush period.
      Thread.sleep(4_300);
      killedAt = System.currentTimeMillis();
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    double recordedFor = (killedAt - startedAt) / 1000.0;

    // The file decodes without an error as far as it goes.
    assertThat(ts).exists().hasParent(folder);
    assertThat(Ffmpeg.decodeErrors(ts)).as("ffmpeg -v error").isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(ts, "video");
    Ffprobe.Stream audio = Ffprobe.stream(ts, "audio");
    assertThat(video.codecName()).isEqualTo("h264");
    assertThat(audio.codecName()).isEqualTo("opus");
    List<Double> videoFrames = decodedFrameTimes(ts, "v:0");
    List<Double> audioFrames = decodedFrameTimes(ts, "a:0");
    double first = Math.min(videoFrames.get(0), audioFrames.get(0));
    double end =
        Math.max(
            videoFrames.get(videoFrames.size() - 1) + 1.0 / 30,
            audioFrames.get(audioFrames.size() - 1) + 0.020);
    double decodedSeconds = end - first;

    // When were the last decoded frames captured? The child's send log says.
    List<FileTruth.Sent> sentVideo = new ArrayList<>();
    List<FileTruth.Sent> sentAudio = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("sendlog.csv"))) {
      String[] f = line.split(",");
      FileTruth.Sent s = new FileTruth.Sent(Integer.parseInt(f[1]), Long.parseLong(f[2]));
      (f[0].equals("v") ? sentVideo : sentAudio).add(s);
    }
    FileTruth.Result truth = FileTruth.analyze(ts, sentVideo, sentAudio, SampleClip.h264());
    long lastVideoCapture = captureOf(truth.video(), videoFrames.get(videoFrames.size() - 1));
    long lastAudioCapture = captureOf(truth.audio(), audioFrames.get(audioFrames.size() - 1));
    long coveredUntilMicros =
        Math.max(lastVideoCapture + 1_000_000 / 30, lastAudioCapture + 20_000);
    double lostAtKill = (killedAt * 1000 - coveredUntilMicros) / 1e6;
    LOG.info(
        "kill -9 after {} s of recording ({} bytes on disk): {} video and {} audio frames decode,"
            + " {} s of media (the file opened on a backlog: it starts {} s before the"
            + " RecordingStarted event); the last decoded frame was captured {} s before the kill;"
            + " A/V offset vs truth {} ms",
        String.format("%.3f", recordedFor),
        Files.size(ts),
        videoFrames.size(),
        audioFrames.size(),
        String.format("%.3f", decodedSeconds),
        String.format("%.3f", decodedSeconds - recordedFor + lostAtKill),
        String.format("%.3f", lostAtKill),
        String.format("%.2f", truth.firstFrameOffsetMs()));
    assertThat(recordedFor).isGreaterThan(4.0);
    // Everything captured until a second before the kill is in the file and decodes.
    assertThat(lostAtKill).as("seconds of media lost at the kill").isBetween(0.0, 1.0);
    // ... and as much media decodes as the child recorded, less that second at most.
    assertThat(decodedSeconds).isGreaterThan(recordedFor - 1.0);
    assertThat(truth.videoUnmatched()).isZero();
    assertThat(truth.audioUnmatched()).isZero();
    assertThat(Math.abs(truth.firstFrameOffsetMs())).isLessThan(40);
    assertThat(Math.abs(truth.medianOffsetMs())).isLessThan(40);

    // The sidecar written at the start says the file was never finalized.
    JsonNode sidecar = FileChecks.sidecar(ts);
    assertThat(sidecar.get("file").asText()).isEqualTo(ts.getFileName().toString());
    assertThat(sidecar.get("complete").asBoolean()).isFalse();
    assertThat(sidecar.get("endTime").isNull()).isTrue();
  }

  /** Capture time of the frame in the file at {@code ptsSeconds}; it must be a sent one. */
  private static long captureOf(List<FileTruth.Found> found, double ptsSeconds) {
    FileTruth.Found f =
        found.stream()
            .filter(x -> Math.abs(x.pts90k() - ptsSeconds * 90_000) < 2)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no frame at " + ptsSeconds + " s"));
    assertThat(f.matched()).as("frame at %s s was sent", ptsSeconds).isTrue();
    return f.captureMicros();
  }

  /** Times (s) of the frames ffprobe decodes from one stream, in decoding order. */
  private static List<Double> decodedFrameTimes(Path file, String stream)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                stream,
                "-show_entries",
                "frame=pts_time",
                "-of",
                "csv=p=0",
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<Double> times = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String v = line.strip().replace(",", "");
      if (!v.isEmpty() && !v.equals("N/A")) {
        times.add(Double.parseDouble(v));
      }
    }
    assertThat(times).as("decoded frames of %s", stream).isNotEmpty();
    return times;
  }
}
