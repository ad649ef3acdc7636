package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.StreamStats;
import io.roomrecorder.core.dtls.SrtpProfile;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test publisher recorded end to end by a real RoomRecorder over loopback. */
class TestPublisherRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(TestPublisherRecordingTest.class);

  @TempDir Path out;

  /** One way to negotiate: behaviour, password, DTLS setup, SRTP profiles, candidate order. */
  record Variant(
      String name,
      PublisherMode mode,
      String password,
      TestPublisher.DtlsSetup setup,
      List<SrtpProfile> profiles,
      boolean earlyCandidates,
      String expectedPublisherRole,
      SrtpProfile expectedProfile) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Variant> variants() {
    return Stream.of(
        new Variant(
            "browser, no password, recorder is DTLS client, GCM",
            PublisherMode.BROWSER,
            "false",
            TestPublisher.DtlsSetup.ACTPASS,
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80),
            false,
            "SERVER",
            SrtpProfile.AEAD_AES_128_GCM),
        new Variant(
            "browser, default password, recorder is DTLS server, CM-80",
            PublisherMode.BROWSER,
            null,
            TestPublisher.DtlsSetup.ACTIVE,
            List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80),
            false,
            "CLIENT",
            SrtpProfile.AES128_CM_HMAC_SHA1_80),
        new Variant(
            "Raspberry Ninja, own password, media in the first offer, CM-80, RSA",
            PublisherMode.RASPBERRY_NINJA,
            "s3cret pw",
            TestPublisher.DtlsSetup.ACTPASS,
            List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80),
            false,
            "SERVER",
            SrtpProfile.AES128_CM_HMAC_SHA1_80),
        new Variant(
            "browser, default password, early candidates, recorder is DTLS server, GCM",
            PublisherMode.BROWSER,
            null,
            TestPublisher.DtlsSetup.ACTIVE,
            List.of(SrtpProfile.AEAD_AES_128_GCM),
            true,
            "CLIENT",
            SrtpProfile.AEAD_AES_128_GCM));
  }

  @ParameterizedTest(name = "{0}: frames come out intact, in order and in sync")
  @MethodSource("variants")
  @Timeout(60)
  void framesComeOutIntactInOrderAndInSync(Variant v) throws Exception {
    SendLog log;
    PublisherStats pub;
    StreamStats rec;
    Instant started;
    try (RecorderRig rig =
            RecorderRig.start(
                out,
                b -> {
                  if (v.password() != null) {
                    b.password(v.password());
                  }
                });
        TestPublisher publisher =
            rig.publisher()
                .streamId("cam1")
                .password(v.password())
                .mode(v.mode())
                .dtlsSetup(v.setup())
                .srtpProfiles(v.profiles())
                .candidatesBeforeOffer(v.earlyCandidates())
                .audioSendDelay(Duration.ofMillis(150))
                .build()) {
      publisher.start();
      started = publisher.startedAt();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 120, Duration.ofSeconds(25)))
          .as("recorder got 120 frames")
          .isTrue();
      pub = publisher.stats();
      rec = rig.stats();
      log = publisher.sendLog();
    }
    LOG.info("[{}] publisher {}", v, pub);
    LOG.info("[{}] recorder {}", v, rec);
    assertThat(pub.dtlsRole()).isEqualTo(v.expectedPublisherRole());
    assertThat(pub.srtpProfile()).isEqualTo(v.expectedProfile().name());
    if (v.mode() == PublisherMode.BROWSER) {
      assertThat(pub.helloReceived()).isTrue();
    } else {
      assertThat(pub.pingsSent()).isPositive();
      assertThat(pub.pongsReceived()).isPositive();
    }
    List<Path> files = recordingsOf(out);
    assertThat(files).hasSize(1);
    Path ts = files.get(0);
    assertThat(ts.getFileName().toString()).startsWith("room1_cam1_");
    assertThat(Ffmpeg.decodeErrors(ts)).isEmpty();
    assertThat(Ffprobe.stream(ts, "video").width()).isEqualTo(SampleClip.WIDTH);
    assertThat(Ffprobe.stream(ts, "video").height()).isEqualTo(SampleClip.HEIGHT);
    assertThat(Ffprobe.stream(ts, "audio").codecName()).isEqualTo("opus");
    if (System.getProperty("keep.recordings") != null) {
      java.nio.file.Files.copy(
          ts,
          Path.of(System.getProperty("keep.recordings")).resolve(ts.getFileName()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    RecordingCheck.Result r = RecordingCheck.analyze(ts, log, SampleClip.h264());
    SendLog.VideoFrame first = log.video().get(r.video().get(0).logIndex());
    double firstFrameMs = (first.captureMicros() - started.toEpochMilli() * 1000) / 1000.0;
    LOG.info(
        "[{}] file: {} video frames, {} audio packets; first frame captured {} ms after the"
            + " publisher started; A/V offset {} ms (sender's truth 0, audio sent 150 ms late);"
            + " PTS-vs-capture spread video {} ms, audio {} ms",
        v,
        r.video().size(),
        r.audio().size(),
        firstFrameMs,
        r.avOffsetMs(),
        r.videoSpreadMs(),
        r.audioSpreadMs());
    assertThat(r.summary().clean()).as(r.summary().describe()).isTrue();
    assertThat(r.videoUnknown()).as("corrupted video frames").isZero();
    assertThat(r.audioUnknown()).as("corrupted audio packets").isZero();
    assertThat(r.videoOutOfOrder()).isZero();
    assertThat(r.audioOutOfOrder()).isZero();
    assertThat(r.video()).hasSizeGreaterThanOrEqualTo(80);
    // The recorder's stats count frames written; the file got a few more before it closed.
    assertThat(rec.videoFrames()).isBetween((long) r.video().size() - 30, (long) r.video().size());
    assertThat(first.keyframe()).isTrue();
    // No loss here: from the first keyframe on, every sent frame is in the file, back to back.
    RecordingCheck.Found last = r.video().get(r.video().size() - 1);
    assertThat(last.logIndex() - r.video().get(0).logIndex() + 1).isEqualTo(r.video().size());
    assertThat(Math.abs(r.avOffsetMs())).isLessThan(40);
    assertThat(r.videoSpreadMs()).isLessThan(5);
  }

  static List<Path> recordingsOf(Path folder) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }
}
