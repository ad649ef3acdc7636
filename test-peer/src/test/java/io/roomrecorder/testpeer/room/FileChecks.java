package io.roomrecorder.testpeer.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What every recorded file must pass: ffmpeg, ffprobe and its health sidecar. */
final class FileChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** ffprobe's view of a file. */
  record Probe(
      Ffprobe.Stream video,
      Ffprobe.Stream audio,
      List<Ffprobe.Packet> videoPackets,
      List<Ffprobe.Packet> audioPackets) {}

  private FileChecks() {}

  /**
   * {@code ffmpeg -v error} decodes every stream without a single message; ffprobe sees H.264
   * 640x360 and 48 kHz stereo Opus, decodes every video packet to a frame.
   */
  static Probe decodesCleanly(Path ts) {
    assertThat(Ffmpeg.decodeErrors(ts)).as("ffmpeg -v error on %s", ts.getFileName()).isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(ts, "video");
    Ffprobe.Stream audio = Ffprobe.stream(ts, "audio");
    assertThat(video.codecName()).isEqualTo("h264");
    assertThat(video.width()).isEqualTo(SampleClip.WIDTH);
    assertThat(video.height()).isEqualTo(SampleClip.HEIGHT);
    assertThat(audio.codecName()).isEqualTo("opus");
    assertThat(audio.sampleRate()).isEqualTo(48_000);
    assertThat(audio.channels()).isEqualTo(2);
    assertThat(video.frames()).as("decoded video frames").isEqualTo(video.packets());
    return new Probe(video, audio, Ffprobe.packets(ts, "v:0"), Ffprobe.packets(ts, "a:0"));
  }

  /** ffprobe's first packet times are the ones our reader matched against the sender's truth. */
  static void ffprobeAgreesWithTheReader(Probe probe, FileTruth.Result truth) {
    assertThat(probe.videoPackets().get(0).pts() * 90_000)
        .isCloseTo(truth.video().get(0).pts90k(), within(1.0));
    assertThat(probe.audioPackets().get(0).pts() * 90_000)
        .isCloseTo(truth.audio().get(0).pts90k(), within(1.0));
    assertThat(probe.videoPackets()).hasSize(truth.video().size());
  }

  /**
   * Our TS reader finds no continuity error and no problem but one: a PES whose DTS is behind the
   * PCR (T-STD, ISO 13818-1 §2.4.2), which the recorder writes when, at the start, one track's
   * frames arrive more than the muxer's 0.7 s PTS delay after the other's (a burst after the A/V
   * sync gate opens; see the report). ffmpeg decodes those files without a message. At most a
   * handful, logged.
   */
  static void tsIsValid(Path ts, io.roomrecorder.ts.reader.TsSummary summary) {
    assertThat(summary.continuityErrors()).as(summary.describe()).isZero();
    long late = summary.problemCount(io.roomrecorder.ts.reader.TsProblem.Kind.PCR_AFTER_DTS);
    assertThat(summary.problemCount()).as(summary.describe()).isEqualTo(late);
    assertThat(late).as(summary.describe()).isLessThanOrEqualTo(5);
    if (late > 0) {
      org.slf4j.LoggerFactory.getLogger(FileChecks.class)
          .warn("{}: {} PES behind the PCR: {}", ts.getFileName(), late, summary.problems());
    }
  }

  static JsonNode sidecar(Path ts) throws IOException {
    Path json = ts.resolveSibling(ts.getFileName() + ".json");
    assertThat(json).as("health sidecar").exists();
    return JSON.readTree(json.toFile());
  }

  /**
   * The sidecar describes this file: names, codecs, times on the room clock, counts equal to what
   * is in the file, one resolution, the PTS range, a finished state.
   */
  static JsonNode sidecarDescribes(
      Path ts, String streamId, FileTruth.Result truth, boolean complete) throws IOException {
    JsonNode j = sidecar(ts);
    assertThat(j.get("file").asText()).isEqualTo(ts.getFileName().toString());
    assertThat(j.get("streamId").asText()).isEqualTo(streamId);
    assertThat(j.get("container").asText()).isEqualTo("mpegts");
    assertThat(j.get("videoCodec").asText()).isEqualTo("H264");
    assertThat(j.get("audioCodec").asText()).isEqualTo("OPUS");
    Instant start = Instant.parse(j.get("startTime").asText());
    assertThat(j.get("complete").asBoolean()).isEqualTo(complete);
    if (complete) {
      Instant end = Instant.parse(j.get("endTime").asText());
      assertThat(end).isAfter(start);
      assertThat(j.get("videoFrames").asLong()).isEqualTo(truth.video().size());
      assertThat(j.get("audioFrames").asLong()).isEqualTo(truth.audio().size());
      long first = Math.min(truth.video().get(0).pts90k(), truth.audio().get(0).pts90k());
      long last =
          Math.max(
              truth.video().get(truth.video().size() - 1).pts90k(),
              truth.audio().get(truth.audio().size() - 1).pts90k());
      // The sidecar's media times are on its own time line: firstPtsSeconds is where the file's
      // first frame is on it. (The TS muxer writes every PTS a constant 0.7 s later, its T-STD
      // delay, which the sidecar does not include: compare relative times.)
      double shift = first / 90_000.0 - j.get("firstPtsSeconds").asDouble();
      assertThat(shift).as("file PTS minus sidecar time").isBetween(0.0, 1.0);
      assertThat(j.get("durationSeconds").asDouble())
          .isCloseTo((last - first) / 90_000.0, within(0.05));
    } else {
      assertThat(j.get("endTime").isNull()).isTrue();
    }
    assertThat(j.get("roomOffsetSeconds").asDouble()).isGreaterThanOrEqualTo(0);
    JsonNode resolutions = j.get("resolutions");
    assertThat(resolutions.size()).isEqualTo(1);
    assertThat(resolutions.get(0).get("width").asInt()).isEqualTo(SampleClip.WIDTH);
    assertThat(resolutions.get(0).get("height").asInt()).isEqualTo(SampleClip.HEIGHT);
    long firstInFile = Math.min(truth.video().get(0).pts90k(), truth.audio().get(0).pts90k());
    assertThat(resolutions.get(0).get("atSeconds").asDouble() - j.get("firstPtsSeconds").asDouble())
        .as("first resolution, relative to the file's first frame")
        .isCloseTo((truth.video().get(0).pts90k() - firstInFile) / 90_000.0, within(0.002));
    for (String counter :
        List.of("packetsLost", "packetsRecovered", "nacksSent", "plisSent", "firsSent")) {
      assertThat(j.get(counter).isIntegralNumber()).as(counter).isTrue();
      assertThat(j.get(counter).asLong()).as(counter).isGreaterThanOrEqualTo(0);
    }
    assertThat(j.get("damaged").isArray()).isTrue();
    assertThat(j.get("frozen").isArray()).isTrue();
    return j;
  }
}
