package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.ice.IceCandidate;
import io.roomrecorder.ice.SelectedPair;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hostile input at the peer-session layer, from a real publisher's 5-tuple and beside it. */
class HostileInputRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(HostileInputRecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(60)
  void aCertificateThatDoesNotMatchTheOfferedFingerprintIsRefused() throws Exception {
    DtlsCertificate other = DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher()
                .streamId("liar")
                .noPassword()
                .advertisedFingerprint(other.fingerprint().toSdpValue())
                .build()) {
      publisher.start();
      assertThat(
              rig.awaitEvent(
                  e -> e instanceof RecorderEvent.PeerStateChanged p && p.to() == PeerState.FAILED,
                  Duration.ofSeconds(15)))
          .isTrue();
      RecorderEvent.PeerStateChanged failed = rig.stateChange(PeerState.FAILED);
      LOG.info("recorder refused: {}", failed.reason());
      assertThat(failed.from()).isEqualTo(PeerState.DTLS);
      assertThat(failed.reason()).containsIgnoringCase("fingerprint");
      assertThat(rig.stateChange(PeerState.CONNECTED)).isNull();
      assertThat(
              publisher.await(
                  s -> s.state() == PublisherStats.ConnectionState.FAILED, Duration.ofSeconds(10)))
          .isTrue();
      assertThat(publisher.stats().videoFramesSent()).isZero();
    }
    assertThat(TestPublisherRecordingTest.recordingsOf(out)).isEmpty();
  }

  @ParameterizedTest(name = "a DTLS peer that stalls mid-handshake ({0} offer) fails the session")
  @EnumSource(
      value = TestPublisher.DtlsSetup.class,
      names = {"ACTPASS", "ACTIVE"})
  @Timeout(60)
  void aDtlsPeerThatStallsMidHandshakeFailsWithinTheConnectTimeout(TestPublisher.DtlsSetup setup)
      throws Exception {
    Duration connectTimeout = Duration.ofSeconds(4);
    try (RecorderRig rig =
            RecorderRig.start(out, b -> b.password("false").connectTimeout(connectTimeout));
        TestPublisher publisher =
            rig.publisher()
                .streamId("stall")
                .noPassword()
                .dtlsSetup(setup)
                .dtlsStallAfter(1)
                .build()) {
      publisher.start();
      assertThat(rig.awaitEvent(e -> dtlsStarted(e), Duration.ofSeconds(15))).isTrue();
      Instant dtlsAt = rig.stateChange(PeerState.DTLS).time();
      assertThat(
              rig.awaitEvent(
                  e -> e instanceof RecorderEvent.PeerStateChanged p && p.to() == PeerState.FAILED,
                  connectTimeout.plusSeconds(5)))
          .isTrue();
      RecorderEvent.PeerStateChanged failed = rig.stateChange(PeerState.FAILED);
      long afterDtlsMs = Duration.between(dtlsAt, failed.time()).toMillis();
      LOG.info(
          "stalled DTLS ({}): FAILED {} ms after DTLS began: {}",
          setup,
          afterDtlsMs,
          failed.reason());
      assertThat(failed.from()).isEqualTo(PeerState.DTLS);
      assertThat(failed.reason()).contains("DTLS");
      assertThat(afterDtlsMs).isLessThan(connectTimeout.toMillis() + 1000);
      assertThat(rig.stateChange(PeerState.CONNECTED)).isNull();
    }
  }

  private static boolean dtlsStarted(RecorderEvent e) {
    return e instanceof RecorderEvent.PeerStateChanged p && p.to() == PeerState.DTLS;
  }

  @Test
  @Timeout(60)
  void anOfferWithAThousandMediaSectionsIsRejectedAndTheRecorderCarriesOn() throws Exception {
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"))) {
      try (TestPublisher huge =
          rig.publisher()
              .streamId("huge")
              .noPassword()
              .offerRewriter(
                  sdp -> {
                    StringBuilder sb = new StringBuilder(sdp);
                    for (int i = 0; i < 1000; i++) {
                      sb.append("m=audio 9 RTP/AVP 0\r\n");
                    }
                    return sb.toString();
                  })
              .build()) {
        huge.start();
        assertThat(
                rig.awaitEvent(
                    e ->
                        e instanceof RecorderEvent.PeerStateChanged p && p.to() == PeerState.FAILED,
                    Duration.ofSeconds(15)))
            .isTrue();
        RecorderEvent.PeerStateChanged failed = rig.stateChange(PeerState.FAILED);
        LOG.info("1,000 m-lines: {}", failed.reason());
        assertThat(failed.from()).isEqualTo(PeerState.NEW);
        assertThat(failed.reason()).contains("offer");
      }
      try (TestPublisher fine = rig.publisher().streamId("fine").noPassword().build()) {
        fine.start();
        assertThat(
                rig.awaitStats(
                    s -> s.streamId().equals("fine") && s.videoFrames() >= 30,
                    Duration.ofSeconds(20)))
            .isTrue();
      }
    }
  }

  /** First-byte classes of RFC 7983 §7 and what lies between them. */
  private static final int[][] CLASSES = {
    {0, 3}, {4, 15}, {16, 19}, {20, 63}, {64, 79}, {80, 127}, {128, 191}, {192, 255}
  };

  @Test
  @Timeout(90)
  void randomDatagramsOfEveryFirstByteClassDoNotStopARecording() throws Exception {
    SendLog log;
    StreamStats before;
    StreamStats after;
    int sent = 0;
    int strangerSent = 0;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher = rig.publisher().streamId("target").noPassword().build();
        DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 60, Duration.ofSeconds(20))).isTrue();
      before = rig.stats();
      SelectedPair pair = publisher.selectedPair();
      // A stranger aims at every loopback port the recorder announced (the selected one or not).
      java.util.List<InetSocketAddress> strangerTargets =
          publisher.remoteCandidates().stream()
              .map(IceCandidate::parse)
              .filter(IceCandidate.ParseResult::ok)
              .map(IceCandidate.ParseResult::candidate)
              .filter(c -> c.address().startsWith("127."))
              .map(c -> new InetSocketAddress(c.address(), c.port()))
              .distinct()
              .toList();
      assertThat(strangerTargets).isNotEmpty();
      Random random = new Random(2024);
      byte[] buf = new byte[1500];
      for (int round = 0; round < 250; round++) {
        for (int[] c : CLASSES) {
          int len = 1 + random.nextInt(random.nextBoolean() ? 40 : buf.length);
          random.nextBytes(buf);
          buf[0] = (byte) (c[0] + random.nextInt(c[1] - c[0] + 1));
          if (c[0] == 20 && len >= 13 && random.nextBoolean()) {
            // A well-formed DTLS 1.2 record header (application data or alert, epoch 0 or 1).
            buf[0] = (byte) (random.nextBoolean() ? 23 : 21);
            buf[1] = (byte) 0xFE;
            buf[2] = (byte) 0xFD;
            buf[3] = 0;
            buf[4] = (byte) random.nextInt(2);
            int body = len - 13;
            buf[11] = (byte) (body >>> 8);
            buf[12] = (byte) body;
          }
          if (c[0] == 128 && len >= 12) {
            buf[0] = (byte) 0x80; // V=2 RTP or RTCP with a random type: SRTP must refuse it
          }
          publisher.sendRaw(buf, 0, len);
          sent++;
          for (InetSocketAddress target : strangerTargets) {
            stranger.send(new DatagramPacket(buf, len, target));
            strangerSent++;
          }
        }
        if (round % 25 == 0) {
          Thread.sleep(20); // spread the flood over the recording
        }
      }
      long framesAtFlood = rig.stats().videoFrames();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= framesAtFlood + 60, Duration.ofSeconds(15)))
          .as("frames keep coming after the flood")
          .isTrue();
      after = rig.stats();
      log = publisher.sendLog();
      assertThat(after.state()).isEqualTo(PeerState.CONNECTED);
      assertThat(rig.stateChange(PeerState.FAILED)).isNull();
      assertThat(publisher.stats().state()).isEqualTo(PublisherStats.ConnectionState.CONNECTED);
      LOG.info(
          "{} hostile datagrams from the media 5-tuple ({}), {} from a stranger to {};"
              + " recorder frames {} -> {}",
          sent,
          pair,
          strangerSent,
          strangerTargets,
          before.videoFrames(),
          after.videoFrames());
    }
    Path ts = TestPublisherRecordingTest.recordingsOf(out).get(0);
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    assertThat(r.videoUnknown()).isZero();
    assertThat(r.audioUnknown()).isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    int span = r.video().get(r.video().size() - 1).logIndex() - r.video().get(0).logIndex() + 1;
    assertThat(r.video()).hasSize(span);
  }
}
