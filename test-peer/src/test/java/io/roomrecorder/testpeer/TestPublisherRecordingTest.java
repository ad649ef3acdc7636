package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.StreamStats;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test publisher recorded end to end by a real RoomRecorder over loopback. */
class TestPublisherRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(TestPublisherRecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(60)
  void aBrowserPublisherWithoutPasswordIsRecordedIntactInOrderAndInSync() throws Exception {
    SendLog log;
    PublisherStats pub;
    StreamStats rec;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("cam1")
                .noPassword()
                .audioSendDelay(Duration.ofMillis(150))
                .build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 120, Duration.ofSeconds(20))).isTrue();
      pub = publisher.stats();
      rec = rig.stats();
      log = publisher.sendLog();
    }
    LOG.info("publisher {}", pub);
    LOG.info("recorder {}", rec);
    assertThat(pub.helloReceived()).isTrue();
    assertThat(pub.dtlsRole()).isEqualTo("SERVER");
    assertThat(pub.srtpProfile()).isEqualTo("AEAD_AES_128_GCM");
    List<Path> files = recordingsOf(out);
    assertThat(files).hasSize(1);
    Path ts = files.get(0);
    assertThat(ts.getFileName().toString()).startsWith("room1_cam1_");
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    assertThat(Ffprobe.stream(ts, "video").width()).isEqualTo(SampleClip.WIDTH);
    assertThat(Ffprobe.stream(ts, "audio").codecName()).isEqualTo("opus");
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    LOG.info(
        "file: {} video frames, {} audio packets, A/V offset {} ms (truth 0), spreads {} / {} ms",
        r.video().size(),
        r.audio().size(),
        r.avOffsetMs(),
        r.videoSpreadMs(),
        r.audioSpreadMs());
    assertThat(r.videoUnknown()).isZero();
    assertThat(r.audioUnknown()).isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    assertThat(r.audioOutOfOrder()).isZero();
    assertThat(r.video()).hasSizeGreaterThanOrEqualTo(80);
    assertThat(log.video().get(r.video().get(0).logIndex()).keyframe()).isTrue();
    assertThat(Math.abs(r.avOffsetMs())).isLessThan(40);
  }

  static List<Path> recordingsOf(Path folder) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }
}
