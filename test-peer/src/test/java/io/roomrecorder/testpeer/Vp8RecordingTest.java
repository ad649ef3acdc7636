package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.VideoCodec;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher without H.264 (VP8 only, like an offline Firefox) recorded end to end by a real
 * RoomRecorder over loopback: the file is WebM, every sent frame from the first keyframe on is in
 * it byte for byte and in sync with the audio, and ffmpeg decodes it without a message.
 */
class Vp8RecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(Vp8RecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(60)
  void aVp8PublisherIsRecordedToWebmWithEverySentFrameInSyncWithItsAudio() throws Exception {
    SendLog log;
    PublisherStats pub;
    StreamStats rec;
    List<RecorderEvent> events;
    long requestedAt;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("cam1")
                .noPassword()
                .videoCodec(VideoCodec.VP8)
                .audioSendDelay(Duration.ofMillis(150))
                .build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 150, Duration.ofSeconds(25)))
          .as("recorder got 150 frames (5 s)")
          .isTrue();
      // A PLI-like request in the middle: the next frame jumps to the clip's next VP8 keyframe.
      long answered = publisher.stats().keyframesSentOnRequest();
      requestedAt = publisher.stats().videoFramesSent();
      publisher.requestKeyframe();
      assertThat(publisher.await(s -> s.keyframesSentOnRequest() > answered, Duration.ofSeconds(2)))
          .isTrue();
      Thread.sleep(500);
      pub = publisher.stats();
      rec = rig.stats();
      log = publisher.sendLog();
      events = List.copyOf(rig.events);
    }
    LOG.info("publisher {}", pub);
    LOG.info("recorder {}", rec);
    assertThat(pub.helloReceived()).isTrue();
    assertThat(events).noneMatch(e -> e instanceof RecorderEvent.Warning);

    List<Path> files;
    try (Stream<Path> list = Files.list(out)) {
      files = list.filter(p -> !p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("one recording, and it is WebM").hasSize(1);
    Path webm = files.get(0);
    assertThat(webm.getFileName().toString()).matches("room1_cam1_\\d{10}\\.webm");

    assertThat(Ffmpeg.decodeErrors(webm)).as("ffmpeg -v error").isEmpty();
    Ffprobe.Stream video = Ffprobe.stream(webm, "video");
    Ffprobe.Stream audio = Ffprobe.stream(webm, "audio");
    assertThat(video.codecName()).isEqualTo("vp8");
    assertThat(video.width()).isEqualTo(SampleClip.WIDTH);
    assertThat(video.height()).isEqualTo(SampleClip.HEIGHT);
    assertThat(video.frames()).as("decoded video frames").isEqualTo(video.packets());
    assertThat(audio.codecName()).isEqualTo("opus");
    assertThat(audio.sampleRate()).isEqualTo(48_000);
    assertThat(audio.channels()).isEqualTo(2);

    WebmTruth.Result r =
        WebmTruth.analyze(webm, WebmTruth.video(log), WebmTruth.audio(log), SampleClip.vp8());
    WebmTruth.Found first = r.video().get(0);
    WebmTruth.Found last = r.video().get(r.video().size() - 1);
    double videoSeconds = last.ptsSeconds() - first.ptsSeconds() + 1.0 / SampleClip.VIDEO_FPS;
    long sentInSpan = last.logIndex() - first.logIndex() + 1L;
    LOG.info(
        "{}: {} VP8 frames ({} sent from the first to the last of them), {} Opus packets,"
            + " {} s of video; A/V offset {} ms against the sender's truth (audio sent 150 ms"
            + " late); video PTS-vs-capture spread {} ms; keyframe on request at log entry {}",
        webm.getFileName(),
        r.video().size(),
        sentInSpan,
        r.audio().size(),
        String.format("%.3f", videoSeconds),
        String.format("%.2f", r.avOffsetMs()),
        String.format("%.2f", r.videoSpreadMs()),
        log.video().stream()
            .filter(f -> f.onRequest() && f.frameNumber() >= requestedAt)
            .findFirst()
            .orElseThrow());
    assertThat(r.videoUnmatched()).as("video frames that are no sent frame").isZero();
    assertThat(r.audioUnmatched()).as("audio packets that are no sent packet").isZero();
    assertThat(r.videoGaps()).as("sent frames missing from the file").isZero();
    assertThat(r.audioGaps()).as("sent packets missing from the file").isZero();
    assertThat(log.video().get(first.logIndex()).keyframe())
        .as("file opens on a keyframe")
        .isTrue();
    assertThat((long) r.video().size()).isEqualTo(sentInSpan).isGreaterThanOrEqualTo(150);
    // The recorder counts frames written; the file got at most a few more before it closed.
    assertThat(rec.videoFrames()).isBetween((long) r.video().size() - 30, (long) r.video().size());
    // The keyframe sent on request is in the file, as a keyframe at a multiple of 60 in the clip.
    SendLog.VideoFrame requested =
        log.video().stream()
            .filter(f -> f.onRequest() && f.frameNumber() >= requestedAt)
            .findFirst()
            .orElseThrow();
    assertThat(requested.keyframe()).isTrue();
    assertThat(requested.clipIndex() % 60).isZero();
    assertThat(r.video())
        .anyMatch(f -> f.matched() && log.video().get(f.logIndex()).equals(requested));
    assertThat(Math.abs(r.avOffsetMs())).as("A/V offset, ms").isLessThan(40);
    assertThat(r.videoSpreadMs()).as("video timing kept, ms").isLessThan(5);
    double audioSeconds =
        r.audio().get(r.audio().size() - 1).ptsSeconds() - r.audio().get(0).ptsSeconds() + 0.020;
    assertThat(audioSeconds).isCloseTo(videoSeconds, org.assertj.core.data.Offset.offset(0.5));

    Path json = webm.resolveSibling(webm.getFileName() + ".json");
    assertThat(json).as("health sidecar").exists();
    JsonNode sidecar = new ObjectMapper().readTree(json.toFile());
    assertThat(sidecar.get("file").asText()).isEqualTo(webm.getFileName().toString());
    assertThat(sidecar.get("container").asText()).isEqualTo("webm");
    assertThat(sidecar.get("videoCodec").asText()).isEqualTo("VP8");
    assertThat(sidecar.get("complete").asBoolean()).isTrue();
    assertThat(sidecar.get("resolutions").get(0).get("width").asInt()).isEqualTo(SampleClip.WIDTH);
    assertThat(sidecar.get("resolutions").get(0).get("height").asInt())
        .isEqualTo(SampleClip.HEIGHT);
  }
}
