package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.StreamStats;
import io.roomrecorder.ice.CandidateType;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.ice.TransportPolicy;
import io.roomrecorder.ice.testing.Coturn;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A publisher that may only use a TURN relay (a real coturn on 127.0.0.1) is recorded. */
class RelayRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayRecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(90)
  void aRelayOnlyPublisherIsRecordedThroughCoturn() throws Exception {
    SendLog log;
    SelectedPair pair;
    StreamStats rec;
    try (Coturn turn = Coturn.start();
        RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("relayed")
                .noPassword()
                .iceConfig(
                    IceConfig.builder()
                        .noStun()
                        .turnServer(turn.udpUrl(), turn.username(), turn.password())
                        .policy(TransportPolicy.RELAY)
                        .allowRemoteNetwork("127.0.0.0/8")
                        .build())
                .build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 90, Duration.ofSeconds(30))).isTrue();
      pair = publisher.selectedPair();
      rec = rig.stats();
      log = publisher.sendLog();
    }
    LOG.info("publisher pair {}, recorder pair {}", pair, rec.candidatePairType());
    assertThat(pair.localType()).isEqualTo(CandidateType.RELAY);
    assertThat(rec.candidatePairType()).endsWithIgnoringCase("/relay");
    Path ts = TestPublisherRecordingTest.recordingsOf(out).get(0);
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    assertThat(r.videoUnknown()).isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    assertThat(r.video()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(Math.abs(r.avOffsetMs())).isLessThan(40);
  }
}
