package io.roomrecorder.testpeer.room;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.testpeer.PublisherMode;
import io.roomrecorder.testpeer.SendLog;
import io.roomrecorder.testpeer.TestPublisher;
import io.roomrecorder.testpeer.media.SampleClip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A room of four test publishers recorded at once by one {@link io.roomrecorder.api.RoomRecorder}:
 * three from the start, one who joins late, and one of the first three who leaves and comes back
 * (two files, never an overwrite). Every file decodes with ffmpeg, its A/V offset is within 40 ms
 * of what the sender captured, its sidecar describes it, and the embedder gets its events, on its
 * own executor, with the paths of the files.
 */
class RoomRecordingTest {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(RoomRecordingTest.class);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path out;

  private final Logger coreLogger = (Logger) LoggerFactory.getLogger("io.roomrecorder.core");
  private final ListAppender<ILoggingEvent> coreLog = new ListAppender<>();

  @BeforeEach
  void captureCoreLog() {
    coreLog.start();
    coreLogger.addAppender(coreLog);
  }

  @AfterEach
  void releaseCoreLog() {
    coreLogger.detachAppender(coreLog);
  }

  /** A participant's one connection: its publisher and, once it sent, its truth. */
  private record Sent(String streamId, TestPublisher publisher, SendLog log) {}

  @ParameterizedTest(name = "password {0}: four participants, a late joiner and a returner")
  @ValueSource(strings = {"s3cret room pw", "false"})
  @Timeout(120)
  void everyParticipantIsRecordedToItsOwnSyncedFile(String password) throws Exception {
    List<TestPublisher> publishers = new ArrayList<>();
    List<Sent> sent = new ArrayList<>();
    Map<Path, Long> stoppedBytes = new HashMap<>();
    RoomRig rig = new RoomRig(out, b -> b.password(password));
    try {
      TestPublisher cam1 =
          start(
              publishers,
              rig.publisher("cam1")
                  .password(password)
                  .seed(11)
                  .audioSendDelay(Duration.ofMillis(150)));
      TestPublisher cam2 =
          start(
              publishers,
              rig.publisher("cam2")
                  .password(password)
                  .seed(22)
                  .mode(PublisherMode.RASPBERRY_NINJA));
      TestPublisher cam3 = start(publishers, rig.publisher("cam3").password(password).seed(33));
      for (String s : List.of("cam1", "cam2", "cam3")) {
        assertThat(rig.awaitFrames(s, 60, PATIENCE)).as("%s recorded 60 frames", s).isTrue();
      }

      // cam4 joins late; cam3 leaves.
      TestPublisher cam4 =
          start(
              publishers,
              rig.publisher("cam4")
                  .password(password)
                  .seed(44)
                  .audioSendDelay(Duration.ofMillis(80)));
      sent.add(new Sent("cam3", cam3, cam3.sendLog()));
      cam3.close();
      assertThat(
              rig.awaitEvent(
                  e -> e instanceof RecorderEvent.ParticipantLeft l && l.streamId().equals("cam3"),
                  PATIENCE))
          .as("cam3 left")
          .isTrue();
      RecorderEvent.RecordingStopped firstCam3 =
          rig.events(RecorderEvent.RecordingStopped.class, "cam3").get(0);
      stoppedBytes.put(firstCam3.file(), firstCam3.bytes());

      // ... and comes back: a new connection, a new file.
      TestPublisher cam3again =
          start(publishers, rig.publisher("cam3").password(password).seed(333));
      assertThat(
              rig.awaitEvent(
                  e ->
                      e instanceof RecorderEvent.RecordingStarted s
                          && s.streamId().equals("cam3")
                          && !s.file().equals(firstCam3.file()),
                  PATIENCE))
          .as("cam3 recorded again")
          .isTrue();
      for (String s : List.of("cam3", "cam4")) {
        assertThat(rig.awaitFrames(s, 60, PATIENCE)).as("%s recorded 60 frames", s).isTrue();
      }
      assertThat(rig.awaitFrames("cam1", 200, PATIENCE)).isTrue();
      sent.add(new Sent("cam1", cam1, cam1.sendLog()));
      sent.add(new Sent("cam2", cam2, cam2.sendLog()));
      sent.add(new Sent("cam3", cam3again, cam3again.sendLog()));
      sent.add(new Sent("cam4", cam4, cam4.sendLog()));
      // The recorder's close() finalizes every file while the publishers still send.
      rig.close();
    } finally {
      rig.close();
      publishers.forEach(TestPublisher::close);
    }

    // Five files: one per connection, named {room}_{stream}_{unixSeconds}.ts.
    List<Path> files = rig.recordings();
    Map<String, List<Path>> byStream =
        files.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.getFileName().toString().split("_")[1],
                    LinkedHashMap::new,
                    Collectors.toList()));
    assertThat(byStream.keySet()).containsExactlyInAnyOrder("cam1", "cam2", "cam3", "cam4");
    assertThat(byStream.get("cam3")).hasSize(2);
    assertThat(files).hasSize(5);
    assertThat(files)
        .allSatisfy(
            p ->
                assertThat(p.getFileName().toString())
                    .matches("room1_cam[1-4]_\\d{10}(_\\d+)?\\.ts"));

    // The first cam3 file is untouched by the second connection.
    for (Map.Entry<Path, Long> e : stoppedBytes.entrySet()) {
      assertThat(Files.size(e.getKey())).as("size of %s", e.getKey()).isEqualTo(e.getValue());
    }

    checkEvents(rig, files);
    checkMdc();

    // Every file: decodes, in sync with the sender, and described by its sidecar.
    Map<Path, JsonNode> sidecars = new HashMap<>();
    Map<Path, Double> alignment = new LinkedHashMap<>();
    List<Path> cam3Files = new ArrayList<>();
    for (RecorderEvent.RecordingStarted started :
        rig.events(RecorderEvent.RecordingStarted.class)) {
      Path ts = started.file();
      Sent s =
          started.streamId().equals("cam3")
              ? sent.stream()
                  .filter(x -> x.streamId().equals("cam3"))
                  .toList()
                  .get(cam3Files.size())
              : sent.stream()
                  .filter(x -> x.streamId().equals(started.streamId()))
                  .findFirst()
                  .get();
      if (started.streamId().equals("cam3")) {
        cam3Files.add(ts);
      }
      FileChecks.Probe probe = FileChecks.decodesCleanly(ts);
      FileTruth.Result truth = FileTruth.analyze(ts, s.log(), SampleClip.h264());
      FileChecks.ffprobeAgreesWithTheReader(probe, truth);
      LOG.info(
          "{} ({}): {} video frames ({} decoded), {} audio packets; A/V offset vs the sender's"
              + " truth: first frames {} ms, medians {} ms; PTS-capture spread video {} ms, audio"
              + " {} ms",
          ts.getFileName(),
          s.streamId(),
          truth.video().size(),
          probe.video().frames(),
          truth.audio().size(),
          String.format("%.2f", truth.firstFrameOffsetMs()),
          String.format("%.2f", truth.medianOffsetMs()),
          String.format("%.2f", truth.videoSpreadMs()),
          String.format("%.2f", truth.audioSpreadMs()));
      FileChecks.tsIsValid(ts, truth.summary());
      assertThat(truth.videoUnmatched()).as("video frames not sent by %s", s.streamId()).isZero();
      assertThat(truth.audioUnmatched()).as("audio packets not sent by %s", s.streamId()).isZero();
      assertThat(s.log().video().get(truth.firstVideoLogIndex()).keyframe())
          .as("the file starts with a keyframe")
          .isTrue();
      // No loss on loopback: from the first keyframe on, every sent frame is in the file.
      assertThat(truth.lastVideoLogIndex() - truth.firstVideoLogIndex() + 1)
          .isEqualTo(truth.video().size());
      // The recorder's frame count includes frames before the file's first keyframe.
      assertThat(truth.video().size()).isGreaterThanOrEqualTo(20);
      assertThat(Math.abs(truth.firstFrameOffsetMs())).as("first-frame A/V offset").isLessThan(40);
      assertThat(Math.abs(truth.medianOffsetMs())).as("median A/V offset").isLessThan(40);
      assertThat(truth.videoSpreadMs()).as("video timing preserved").isLessThan(5);
      JsonNode j = FileChecks.sidecarDescribes(ts, s.streamId(), truth, true);
      assertThat(j.get("packetsLost").asLong()).isZero();
      assertThat(j.get("damaged").size()).isZero();
      assertThat(j.get("frozen").size()).isZero();
      sidecars.put(ts, j);
      // Where the sidecar puts the first video frame on the room clock, minus when it was
      // captured: the same for every file when the sidecars line the participants up.
      long firstInFile = Math.min(truth.video().get(0).pts90k(), truth.audio().get(0).pts90k());
      double roomTime =
          j.get("roomOffsetSeconds").asDouble()
              + (truth.video().get(0).pts90k() - firstInFile) / 90_000.0;
      alignment.put(ts, roomTime - truth.video().get(0).captureMicros() / 1e6);
    }
    double earliest = alignment.values().stream().mapToDouble(d -> d).min().orElseThrow();
    LOG.info(
        "line-up by the sidecars vs capture truth, ms per file: {}",
        alignment.entrySet().stream()
            .map(
                e ->
                    e.getKey().getFileName()
                        + String.format(" %+.0f", 1000 * (e.getValue() - earliest)))
            .collect(Collectors.joining(", ")));
    // The recorder places each file by its first frame's media clock, tied to ours by the first
    // sender report's arrival: within a few ms here (placed by when each file opened, the files
    // were up to 0.8 s apart from the truth under load).
    double latest = alignment.values().stream().mapToDouble(d -> d).max().orElseThrow();
    assertThat(latest - earliest).as("participants lined up by the sidecars, s").isLessThan(0.15);

    // The late joiner and the returner start later on the room clock.
    double cam1Offset =
        sidecars.get(byStream.get("cam1").get(0)).get("roomOffsetSeconds").asDouble();
    double cam4Offset =
        sidecars.get(byStream.get("cam4").get(0)).get("roomOffsetSeconds").asDouble();
    assertThat(cam4Offset).isGreaterThan(cam1Offset + 1.5);
    JsonNode cam3First = sidecars.get(cam3Files.get(0));
    JsonNode cam3Second = sidecars.get(cam3Files.get(1));
    assertThat(cam3First.get("state").asText()).isNotEqualTo("recorder closing");
    assertThat(Instant.parse(cam3Second.get("startTime").asText()))
        .isAfterOrEqualTo(Instant.parse(cam3First.get("endTime").asText()));
    assertThat(cam3Second.get("roomOffsetSeconds").asDouble())
        .isGreaterThan(
            cam3First.get("roomOffsetSeconds").asDouble()
                + cam3First.get("durationSeconds").asDouble()
                - 0.5);
  }

  private static TestPublisher start(List<TestPublisher> all, TestPublisher.Builder b) {
    TestPublisher p = b.build();
    all.add(p);
    p.start();
    return p;
  }

  /**
   * Every event arrived on the embedder's executor; joins, starts, stops and leaves per connection,
   * in that order, with the paths of the files on disk.
   */
  private static void checkEvents(RoomRig rig, List<Path> files) {
    assertThat(rig.delivered).isNotEmpty();
    assertThat(rig.delivered)
        .allSatisfy(d -> assertThat(d.thread()).isEqualTo(RoomRig.EVENT_THREAD));
    assertThat(rig.events(RecorderEvent.Error.class)).isEmpty();
    Map<String, Long> joins =
        rig.events(RecorderEvent.ParticipantJoined.class).stream()
            .collect(
                Collectors.groupingBy(
                    RecorderEvent.ParticipantJoined::streamId, Collectors.counting()));
    assertThat(joins)
        .containsExactlyInAnyOrderEntriesOf(Map.of("cam1", 1L, "cam2", 1L, "cam3", 2L, "cam4", 1L));
    Set<Path> started =
        rig.events(RecorderEvent.RecordingStarted.class).stream()
            .map(RecorderEvent.RecordingStarted::file)
            .collect(Collectors.toSet());
    Set<Path> stopped =
        rig.events(RecorderEvent.RecordingStopped.class).stream()
            .map(RecorderEvent.RecordingStopped::file)
            .collect(Collectors.toSet());
    assertThat(rig.events(RecorderEvent.RecordingStarted.class)).hasSize(5);
    assertThat(rig.events(RecorderEvent.RecordingStopped.class)).hasSize(5);
    assertThat(started).containsExactlyInAnyOrderElementsOf(files);
    assertThat(stopped).containsExactlyInAnyOrderElementsOf(files);
    for (RecorderEvent.RecordingStopped s : rig.events(RecorderEvent.RecordingStopped.class)) {
      try {
        assertThat(s.bytes()).as("bytes of %s", s.file()).isEqualTo(Files.size(s.file()));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      assertThat(s.mediaDuration()).isGreaterThan(Duration.ofSeconds(1));
    }
    assertThat(rig.events(RecorderEvent.ParticipantLeft.class))
        .extracting(RecorderEvent.ParticipantLeft::streamId)
        .containsExactlyInAnyOrder("cam1", "cam2", "cam3", "cam3", "cam4");
    // Per stream: joined < started < stopped < left, connection after connection.
    List<RecorderEvent> events = rig.events();
    for (String stream : List.of("cam1", "cam2", "cam3", "cam4")) {
      List<String> kinds =
          events.stream()
              .filter(e -> stream.equals(RoomRig.streamIdOf(e)))
              .filter(e -> !(e instanceof RecorderEvent.PeerStateChanged))
              .map(e -> e.getClass().getSimpleName())
              .toList();
      List<String> once =
          List.of("ParticipantJoined", "RecordingStarted", "RecordingStopped", "ParticipantLeft");
      List<String> expected = new ArrayList<>(once);
      if (stream.equals("cam3")) {
        expected.addAll(once);
      }
      assertThat(kinds).as("events of %s", stream).isEqualTo(expected);
    }
    // The late joiner joined after the first three were recording.
    Instant cam4Joined = rig.events(RecorderEvent.ParticipantJoined.class, "cam4").get(0).time();
    for (String s : List.of("cam1", "cam2")) {
      assertThat(rig.events(RecorderEvent.RecordingStarted.class, s).get(0).time())
          .isBefore(cam4Joined);
    }
  }

  /** The recorder's session log lines carry room and stream in the MDC, never another's stream. */
  private void checkMdc() {
    List<ILoggingEvent> lines = new ArrayList<>(coreLog.list);
    for (String stream : List.of("cam1", "cam2", "cam3", "cam4")) {
      assertThat(lines)
          .as("log lines of %s with room and stream in the MDC", stream)
          .anySatisfy(
              e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry("stream", stream);
                assertThat(e.getMDCPropertyMap()).containsEntry("room", RoomRig.ROOM);
              });
    }
    for (ILoggingEvent e : lines) {
      String stream = e.getMDCPropertyMap().get("stream");
      String message = e.getFormattedMessage();
      if (stream != null && message.startsWith("[cam")) {
        assertThat(message).as("MDC stream of a line").startsWith("[" + stream + "]");
      }
    }
  }
}
