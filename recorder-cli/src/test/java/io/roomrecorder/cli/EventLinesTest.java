package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** RecorderEvent → the log lines Raspberry Ninja users know. */
class EventLinesTest {
  static final java.time.Instant T = ScriptedEngine.T0;

  static Stream<Arguments> stateLines() {
    return Stream.of(
        arguments(
            PeerState.NEW, PeerState.NEGOTIATING, "[cam1] ICE connection state: NEW (answer sent)"),
        arguments(
            PeerState.NEGOTIATING, PeerState.CONNECTING, "[cam1] ICE connection state: CHECKING"),
        arguments(
            PeerState.CONNECTING,
            PeerState.DTLS,
            "[cam1] ICE connection state: CONNECTED (DTLS handshake)"),
        arguments(PeerState.DTLS, PeerState.CONNECTED, "[cam1] Connection state: CONNECTED"),
        arguments(PeerState.CONNECTED, PeerState.CLOSED, "[cam1] Connection state: CLOSED (why)"));
  }

  @ParameterizedTest(name = "{0} -> {1} logs \"{2}\"")
  @MethodSource("stateLines")
  void aStateChangeLogsTheWebRtcStateName(PeerState from, PeerState to, String expected) {
    List<EventLines.Line> lines =
        EventLines.of(new RecorderEvent.PeerStateChanged(T, "cam1", from, to, "why"));

    assertThat(lines).hasSize(1);
    String text = lines.get(0).withStream();
    assertThat(to == PeerState.CLOSED ? text : text.replace(" (why)", "")).isEqualTo(expected);
    assertThat(lines.get(0).stream()).isEqualTo("cam1");
  }

  @ParameterizedTest(name = "a failure while {0} names the ICE state and a hint")
  @EnumSource(
      value = PeerState.class,
      names = {"NEGOTIATING", "CONNECTING", "DTLS", "CONNECTED"})
  void aFailureLogsTheStateItFailedInAndAHint(PeerState from) {
    List<EventLines.Line> lines =
        EventLines.of(
            new RecorderEvent.PeerStateChanged(T, "cam1", from, PeerState.FAILED, "timed out"));

    assertThat(lines).hasSize(2).allMatch(l -> l.level() == EventLines.Level.ERROR);
    assertThat(lines.get(0).withStream()).isEqualTo("[cam1] Connection state: FAILED (timed out)");
    assertThat(lines.get(1).text())
        .contains("ICE connection state was " + EventLines.iceState(from))
        .contains("Hint: " + EventLines.hint(from));
  }

  @Test
  void hintsPointAtTheLikelyCause() {
    assertThat(EventLines.hint(PeerState.NEGOTIATING)).contains("--password").contains("stays NEW");
    assertThat(EventLines.hint(PeerState.CONNECTING)).contains("--turn-server").contains("relay");
    assertThat(EventLines.hint(PeerState.DTLS)).contains("DTLS");
  }

  @Test
  void recordingLinesNameTheFile() {
    assertThat(
            EventLines.of(new RecorderEvent.RecordingStarted(T, "cam1", Path.of("room_cam1_1.ts")))
                .get(0)
                .withStream())
        .isEqualTo("[cam1] Recording to: room_cam1_1.ts");
    assertThat(
            EventLines.of(
                    new RecorderEvent.RecordingStopped(
                        T, "cam1", Path.of("f.ts"), Duration.ofSeconds(65), 3 << 20, "left"))
                .get(0)
                .withStream())
        .isEqualTo("[cam1] Recording finished: f.ts (0:01:05, 3.0 MiB) (left)");
  }

  @Test
  void recorderWideLinesHaveNoStream() {
    EventLines.Line l = EventLines.of(new RecorderEvent.Error(T, null, "disk full")).get(0);

    assertThat(l.stream()).isNull();
    assertThat(l.withStream()).isEqualTo("Error: disk full");
    assertThat(l.level()).isEqualTo(EventLines.Level.ERROR);
    assertThat(
            EventLines.of(new RecorderEvent.SignalingChanged(T, false, "closed by peer"))
                .get(0)
                .level())
        .isEqualTo(EventLines.Level.WARN);
  }

  @Test
  void hostileTextCannotDriveTheTerminalOrFakeLines() {
    String hostile = "evil\u001b[2J\r\n[other] Connection state: CONNECTED\u009b\u202e";
    EventLines.Line l =
        EventLines.of(new RecorderEvent.ParticipantLeft(T, hostile, hostile)).get(0);

    assertThat(l.withStream()).doesNotContain("\u001b", "\r", "\n", "\u009b", "\u202e");
    assertThat(EventLines.printable(hostile))
        .isEqualTo("evil?[2J??[other] Connection state: CONNECTED??");
    assertThat(EventLines.printable("録画 🎥 ok")).isEqualTo("録画 🎥 ok");
  }
}
