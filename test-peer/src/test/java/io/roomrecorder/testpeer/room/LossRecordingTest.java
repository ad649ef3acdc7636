package io.roomrecorder.testpeer.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.testpeer.PublisherStats;
import io.roomrecorder.testpeer.SendLog;
import io.roomrecorder.testpeer.TestPublisher;
import io.roomrecorder.testpeer.media.SampleClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 5 % of the publisher's video RTP packets are dropped (seeded); the recorder's NACKs bring them
 * back and at least 99 % of the frames the publisher sent while the file was open decode (counted
 * by ffprobe {@code -count_frames}).
 */
class LossRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(LossRecordingTest.class);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path out;

  @Test
  @Timeout(90)
  void withFivePercentSeededLossAtLeast99PercentOfTheSentFramesDecode() throws Exception {
    SendLog log;
    PublisherStats pub;
    StreamStats rec;
    RoomRig rig = new RoomRig(out, b -> b.password("false"));
    TestPublisher publisher = rig.publisher("lossy").noPassword().lossPercent(5).seed(5).build();
    try {
      publisher.start();
      assertThat(rig.awaitFrames("lossy", 300, Duration.ofSeconds(40)))
          .as("300 frames recorded")
          .isTrue();
      log = publisher.sendLog();
      pub = publisher.stats();
      rec = rig.stats("lossy").orElseThrow();
      rig.close();
    } finally {
      rig.close();
      publisher.close();
    }
    List<Path> files = rig.recordings();
    assertThat(files).hasSize(1);
    Path ts = files.get(0);
    FileChecks.Probe probe = FileChecks.decodesCleanly(ts);
    FileTruth.Result truth = FileTruth.analyze(ts, log, SampleClip.h264());
    FileChecks.ffprobeAgreesWithTheReader(probe, truth);
    int sent = truth.lastVideoLogIndex() - truth.firstVideoLogIndex() + 1;
    long decoded = probe.video().frames();
    double share = (double) decoded / sent;
    LOG.info(
        "5 % loss: publisher dropped {} of {} RTP packets, {} NACKed, {} retransmitted, {} dropped"
            + " packets recovered; recorder: lost {}, recovered {}, {} NACKs, {} PLIs, {} FIRs;"
            + " file: {} of {} sent frames decoded ({} %), A/V offset first frames {} ms, medians"
            + " {} ms",
        pub.rtpPacketsDropped(),
        pub.rtpPacketsSent(),
        pub.nackedPackets(),
        pub.retransmitted(),
        pub.droppedRecoveredByNack(),
        rec.packetsLost(),
        rec.packetsRecovered(),
        rec.nacksSent(),
        rec.plisSent(),
        rec.firsSent(),
        decoded,
        sent,
        String.format("%.2f", 100 * share),
        String.format("%.2f", truth.firstFrameOffsetMs()),
        String.format("%.2f", truth.medianOffsetMs()));
    // The loss happened and was repaired by retransmission.
    long videoPackets = pub.rtpPacketsSent() - pub.audioPacketsSent() - pub.retransmitted();
    assertThat(pub.rtpPacketsDropped()).isGreaterThan(videoPackets / 50);
    FileChecks.tsIsValid(ts, truth.summary());
    assertThat(rec.nacksSent()).isPositive();
    assertThat(rec.packetsRecovered()).isPositive();
    assertThat(sent).isGreaterThanOrEqualTo(250);
    assertThat(share).as("decoded / sent frames").isGreaterThanOrEqualTo(0.99);
    assertThat(truth.videoUnmatched()).as("corrupted video frames").isZero();
    assertThat(truth.audioUnmatched()).as("corrupted audio packets").isZero();
    assertThat(Math.abs(truth.firstFrameOffsetMs())).isLessThan(40);
    assertThat(Math.abs(truth.medianOffsetMs())).isLessThan(40);
    // The sidecar reports the repair, no more than the publisher retransmitted.
    JsonNode j = FileChecks.sidecarDescribes(ts, "lossy", truth, true);
    assertThat(j.get("nacksSent").asLong()).isGreaterThanOrEqualTo(rec.nacksSent());
    assertThat(j.get("packetsRecovered").asLong())
        .isGreaterThanOrEqualTo(rec.packetsRecovered())
        .isLessThanOrEqualTo(pub.retransmitted());
    assertThat(j.get("packetsLost").asLong()).isLessThanOrEqualTo(pub.rtpPacketsDropped());
  }
}
