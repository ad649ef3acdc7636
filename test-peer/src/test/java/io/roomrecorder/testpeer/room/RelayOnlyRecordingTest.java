package io.roomrecorder.testpeer.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.IceTransportPolicy;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.api.TurnServer;
import io.roomrecorder.ice.CandidateType;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.ice.testing.Coturn;
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
 * The recorder with ICE transport policy relay: every media packet goes through a real coturn on
 * 127.0.0.1 (a TURN allocation of the recorder's), and the file is as good as on a direct path.
 */
class RelayOnlyRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayOnlyRecordingTest.class);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path out;

  @Test
  @Timeout(90)
  void aRelayOnlyRecorderRecordsThroughCoturn() throws Exception {
    SendLog log;
    StreamStats rec;
    SelectedPair publisherPair;
    try (Coturn turn = Coturn.start()) {
      RoomRig rig =
          new RoomRig(
              out,
              b ->
                  b.password("false")
                      .addTurnServer(
                          new TurnServer(turn.udpUrl(), turn.username(), turn.password()))
                      .iceTransportPolicy(IceTransportPolicy.RELAY));
      TestPublisher publisher = rig.publisher("relayed").noPassword().seed(7).build();
      try {
        publisher.start();
        assertThat(rig.awaitFrames("relayed", 120, Duration.ofSeconds(40)))
            .as("120 frames recorded through the relay")
            .isTrue();
        rec = rig.stats("relayed").orElseThrow();
        publisherPair = publisher.selectedPair();
        log = publisher.sendLog();
        rig.close();
      } finally {
        rig.close();
        publisher.close();
      }
      LOG.info(
          "relay-only: recorder pair {}, publisher pair {}; {}",
          rec.candidatePairType(),
          publisherPair,
          rec);
      // The recorder's side of the pair is its relayed address on coturn; the publisher sends to
      // that address (learned from the recorder's relay candidate or from its checks).
      assertThat(rec.candidatePairType()).isEqualTo("relay/host");
      assertThat(publisherPair.remoteType()).isIn(CandidateType.RELAY, CandidateType.PRFLX);
      assertThat(publisherPair.remote().getPort()).isNotEqualTo(turn.port());
      List<Path> files = rig.recordings();
      assertThat(files).hasSize(1);
      Path ts = files.get(0);
      FileChecks.Probe probe = FileChecks.decodesCleanly(ts);
      FileTruth.Result truth = FileTruth.analyze(ts, log, SampleClip.h264());
      FileChecks.ffprobeAgreesWithTheReader(probe, truth);
      LOG.info(
          "relay-only: {} video frames, A/V offset first frames {} ms, medians {} ms",
          truth.video().size(),
          String.format("%.2f", truth.firstFrameOffsetMs()),
          String.format("%.2f", truth.medianOffsetMs()));
      FileChecks.tsIsValid(ts, truth.summary());
      assertThat(truth.videoUnmatched()).isZero();
      assertThat(truth.audioUnmatched()).isZero();
      assertThat(truth.lastVideoLogIndex() - truth.firstVideoLogIndex() + 1)
          .isEqualTo(truth.video().size());
      assertThat(Math.abs(truth.firstFrameOffsetMs())).isLessThan(40);
      assertThat(Math.abs(truth.medianOffsetMs())).isLessThan(40);
      FileChecks.sidecarDescribes(ts, "relayed", truth, true);
    }
  }
}
