package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.core.peer.PeerSession;
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

/**
 * A browser publisher sends its camera only after the viewer's hello over the data channel. When a
 * hello is lost (the publisher here ignores it on purpose), the recorder asks again and, when no
 * hello is ever answered, ends the connection on the no-media timeout and plays the stream again,
 * so the participant is still recorded instead of sitting connected with no file forever.
 */
class LostHelloRecordingTest {
  private static final Logger LOG = LoggerFactory.getLogger(LostHelloRecordingTest.class);

  @TempDir Path out;

  @Test
  @Timeout(60)
  void aLostHelloIsSentAgainAndTheStreamIsRecorded() throws Exception {
    PublisherStats pub;
    List<Path> files;
    try (RecorderRig rig = RecorderRig.start(out, b -> b.password("false"));
        TestPublisher publisher =
            rig.publisher().streamId("cam1").noPassword().ignoreHellos(1).build()) {
      publisher.start();
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 90, Duration.ofSeconds(30)))
          .as("recorder got 90 frames after asking a second time")
          .isTrue();
      pub = publisher.stats();
      files = rig.recordings();
      assertThat(rig.events)
          .filteredOn(e -> isEnd(e))
          .as("the first connection was kept, not timed out")
          .isEmpty();
    }
    LOG.info("publisher {}", pub);
    assertThat(pub.hellosReceived())
        .as("the ignored hello and the one sent again %d ms later", PeerSession.HELLO_RETRY_MS)
        .isEqualTo(2);
    assertThat(files).hasSize(1);
    assertThat(Ffmpeg.decodeErrors(files.get(0))).as("ffmpeg -v error").isEmpty();
    assertThat(Ffprobe.stream(files.get(0), "video").frames()).isGreaterThanOrEqualTo(90);
  }

  @Test
  @Timeout(90)
  void aPublisherThatAnswersNoHelloTimesOutAndIsRecordedWhenAskedAgain() throws Exception {
    PublisherStats pub;
    List<RecorderEvent> events;
    List<Path> files;
    try (RecorderRig rig =
            RecorderRig.start(out, b -> b.password("false").mediaTimeout(Duration.ofSeconds(11)));
        TestPublisher publisher =
            rig.publisher()
                .streamId("cam1")
                .noPassword()
                .ignoreHellos(PeerSession.HELLO_ATTEMPTS)
                .build()) {
      publisher.start();
      assertThat(rig.awaitEvent(e -> isEnd(e), Duration.ofSeconds(30)))
          .as("the connection that never got media ended")
          .isTrue();
      PublisherStats first = publisher.stats();
      // The room engine plays the stream again (15 s later); that connection's hello is answered.
      assertThat(rig.awaitStats(s -> s.videoFrames() >= 60, Duration.ofSeconds(40)))
          .as("recorded after the stream was played again")
          .isTrue();
      pub = publisher.stats();
      events = List.copyOf(rig.events);
      files = rig.recordings();
      LOG.info("first connection {}", first);
      assertThat(first.hellosReceived())
          .as("hellos sent on the first connection")
          .isEqualTo(PeerSession.HELLO_ATTEMPTS);
    }
    RecorderEvent.PeerStateChanged ended =
        events.stream()
            .filter(e -> isEnd(e))
            .map(e -> (RecorderEvent.PeerStateChanged) e)
            .findFirst()
            .orElseThrow();
    LOG.info("first connection ended: {}", ended);
    assertThat(ended.to()).isEqualTo(PeerState.CLOSED);
    assertThat(ended.reason()).isEqualTo("no media for 11 s");
    assertThat(pub.hellosReceived()).as("hellos on the second connection").isEqualTo(1);
    assertThat(files).as("only the connection with media made a file").hasSize(1);
    assertThat(Ffmpeg.decodeErrors(files.get(0))).as("ffmpeg -v error").isEmpty();
    assertThat(Ffprobe.stream(files.get(0), "video").frames()).isGreaterThanOrEqualTo(60);
  }

  private static boolean isEnd(RecorderEvent e) {
    return e instanceof RecorderEvent.PeerStateChanged p
        && (p.to() == PeerState.CLOSED || p.to() == PeerState.FAILED);
  }
}
