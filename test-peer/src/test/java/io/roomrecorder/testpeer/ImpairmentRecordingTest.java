package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.StreamStats;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded loss and jitter between the test publisher and the recorder, and how they are repaired.
 */
class ImpairmentRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(ImpairmentRecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(60)
  void fivePercentLossWithJitterIsRecoveredByNackAndRtx() throws Exception {
    PublisherStats pub;
    StreamStats rec;
    SendLog log;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("lossy")
                .noPassword()
                .lossPercent(5)
                .jitter(Duration.ofMillis(30))
                .seed(42)
                .build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 180, Duration.ofSeconds(25))).isTrue();
      pub = publisher.stats();
      rec = rig.stats();
      log = publisher.sendLog();
    }
    LOG.info("publisher {}", pub);
    LOG.info("recorder {}", rec);
    Path ts = TestPublisherRecordingTest.recordingsOf(out).get(0);
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    int firstIndex = r.video().get(0).logIndex();
    int lastIndex = r.video().get(r.video().size() - 1).logIndex();
    int span = lastIndex - firstIndex + 1;
    double recoveredShare = 100.0 * pub.droppedRecoveredByNack() / pub.rtpPacketsDropped();
    LOG.info(
        "loss: {} of {} video packets dropped, {} recovered by NACK/RTX ({} %), {} NACKed in all,"
            + " {} not in history; recorder lost {} recovered {} NACKs {}; file holds {} of the"
            + " {} frames sent in its span, {} corrupted",
        pub.rtpPacketsDropped(),
        pub.videoPacketsPacketized(),
        pub.droppedRecoveredByNack(),
        String.format("%.1f", recoveredShare),
        pub.nackedPackets(),
        pub.retransmitMisses(),
        rec.packetsLost(),
        rec.packetsRecovered(),
        rec.nacksSent(),
        r.video().size(),
        span,
        r.videoUnknown());
    double lossShare = 100.0 * pub.rtpPacketsDropped() / pub.videoPacketsPacketized();
    assertThat(lossShare).isBetween(2.5, 7.5);
    // Losses in the last round trip before the end cannot have been repaired yet.
    assertThat(recoveredShare).isGreaterThanOrEqualTo(90);
    assertThat(rec.packetsRecovered()).isGreaterThan(0);
    assertThat(rec.nacksSent()).isGreaterThan(0);
    assertThat(r.videoUnknown()).as("corrupted frames").isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    assertThat(r.audioUnknown()).isZero();
    assertThat(r.audioOutOfOrder()).isZero();
    assertThat((double) r.video().size() / span).isGreaterThanOrEqualTo(0.97);
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    assertThat(Math.abs(r.avOffsetMs())).isLessThan(40);
  }

  @Test
  @Timeout(60)
  void unrepairedLossIsAnsweredWithAKeyframeOnPli() throws Exception {
    PublisherStats pub;
    StreamStats rec;
    SendLog log;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("pli")
                .noPassword()
                .lossPercent(1)
                .answerNacks(false)
                .seed(7)
                .build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.plisSent() >= 3, Duration.ofSeconds(25))).isTrue();
      Thread.sleep(500); // let the last keyframe arrive
      pub = publisher.stats();
      rec = rig.stats();
      log = publisher.sendLog();
    }
    LOG.info("publisher {}", pub);
    LOG.info("recorder {}", rec);
    assertThat(pub.plisReceived()).isGreaterThanOrEqualTo(3);
    assertThat(pub.keyframesSentOnRequest()).isGreaterThanOrEqualTo(3);
    assertThat(pub.retransmitted()).isZero();
    Path ts = TestPublisherRecordingTest.recordingsOf(out).get(0);
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    List<SendLog.VideoFrame> sent = log.video();
    long requestedKeyframesInFile =
        r.video().stream()
            .skip(1)
            .filter(f -> sent.get(f.logIndex()).keyframe() && sent.get(f.logIndex()).onRequest())
            .count();
    LOG.info(
        "PLI: recorder sent {} PLIs {} FIRs, publisher answered {} with a keyframe; {} such"
            + " keyframes restart the picture in the file after damage",
        rec.plisSent(),
        rec.firsSent(),
        pub.keyframesSentOnRequest(),
        requestedKeyframesInFile);
    assertThat(requestedKeyframesInFile).isGreaterThanOrEqualTo(1);
    assertThat(r.videoUnknown()).isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
  }
}
