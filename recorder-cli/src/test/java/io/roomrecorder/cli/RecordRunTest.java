package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The record command end to end in-process, over the engine seam with {@link ScriptedEngine}:
 * events become publish.py-style log lines (stream ID in the MDC), JSON lines, the status table and
 * the summary; the duration stops the run; exit codes.
 */
class RecordRunTest {
  @TempDir Path dir;

  private ListAppender<ILoggingEvent> captured;
  private Logger events;

  @BeforeEach
  void captureEventLog() {
    events = (Logger) LoggerFactory.getLogger(RecordingSession.EVENTS.getName());
    captured = new ListAppender<>();
    captured.start();
    events.addAppender(captured);
  }

  @AfterEach
  void release() {
    events.detachAppender(captured);
  }

  /** Each captured line as the production pattern shows it: [stream] message. */
  List<String> logLines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : captured.list) {
      String stream = e.getMDCPropertyMap().get("stream");
      lines.add((stream == null ? "" : "[" + stream + "] ") + e.getFormattedMessage());
    }
    return lines;
  }

  @Test
  void aRoomRecordingLogsTheStatesUsersKnowAndPrintsASummary() {
    ScriptedEngine.Factory engine =
        new ScriptedEngine.Factory(ScriptedEngine.Script.streams("cam1", "guest"));

    CliRun run =
        CliRun.run(
            engine,
            false,
            "--room",
            "R",
            "--record-room",
            "--output",
            dir.toString(),
            "--duration",
            "2s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(logLines())
        .contains(
            "[cam1] ICE connection state: CHECKING",
            "[cam1] Connection state: CONNECTED",
            "[cam1] Recording to: " + dir.resolve("room_cam1_1763719200.ts"),
            "[guest] Recording to: " + dir.resolve("room_guest_1763719200.ts"),
            "[cam1] Video codec: H264",
            "[cam1] Resolution: 1280x720",
            "[cam1] Selected candidate pair: host/host",
            "[cam1] Connection state: CLOSED (recorder closed)");
    assertThat(engine.last.closed).isTrue();
    assertThat(engine.last.config.room()).contains("R");
    assertThat(run.out)
        .contains("Summary (duration reached): 2 files, 18.0 MiB")
        .contains(
            "cam1  " + dir.resolve("room_cam1_1763719200.ts") + "  0:00:30  9.0 MiB  finalized")
        .contains("packets lost 12, recovered 10, NACKs 14, PLIs 1");
    assertThat(run.out).doesNotContain("\u001b[");
  }

  @Test
  void theSummaryPointsAtTheHealthSidecarWhenTheEngineWroteOne() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("room_cam1_1763719200.ts.json"), "{}");

    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(ScriptedEngine.Script.streams("cam1")),
            false,
            "--record",
            "cam1",
            "-o",
            dir.toString(),
            "--duration",
            "1s");

    assertThat(run.out).contains("health: " + dir.resolve("room_cam1_1763719200.ts.json"));
  }

  @Test
  void aFailedConnectionIsLoggedWithAHintAndListedInTheSummary() {
    ScriptedEngine.Script script = ScriptedEngine.Script.streams("cam1", "far");
    script.failStream = "far";

    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(script),
            false,
            "--room",
            "R",
            "--record-room",
            "-o",
            dir.toString(),
            "--duration",
            "1");

    assertThat(run.exitCode).isEqualTo(ExitCode.OK);
    assertThat(logLines())
        .contains("[far] Connection state: FAILED (ICE checks timed out after 30 s)")
        .anyMatch(
            l ->
                l.startsWith(
                    "[far] Failed while checking candidate pairs (ICE connection"
                        + " state was CHECKING). Hint: no candidate pair answered"));
    assertThat(run.out).contains("failed: far: ICE checks timed out after 30 s");
  }

  @Test
  void jsonModeWritesOneJsonObjectPerLineOnStdout() throws Exception {
    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(ScriptedEngine.Script.streams("cam1")),
            true, // even on a terminal, --json means no table
            "--record",
            "cam1",
            "--json",
            "-o",
            dir.toString(),
            "--duration",
            "1s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    ObjectMapper jackson = new ObjectMapper();
    List<String> types = new ArrayList<>();
    JsonNode summary = null;
    for (String line : run.out.split("\n")) {
      JsonNode node = jackson.readTree(line);
      types.add(node.get("event").asText());
      if (node.get("event").asText().equals("summary")) {
        summary = node;
      }
    }
    assertThat(types)
        .containsSubsequence(
            "signaling",
            "participant_joined",
            "state",
            "recording_started",
            "video_codec",
            "recording_stopped",
            "summary");
    assertThat(types.get(types.size() - 1)).isEqualTo("summary");
    assertThat(summary.get("exit_code").asInt()).isZero();
    assertThat(summary.get("files").get(0).get("finalized").asBoolean()).isTrue();
    assertThat(summary.get("files").get(0).get("bytes").asLong()).isEqualTo(9_437_184);
    assertThat(run.out).doesNotContain("\u001b[");
  }

  @Test
  void onATerminalTheStatusTableIsDrawnAndClearedBeforeTheSummary() {
    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(ScriptedEngine.Script.streams("cam1")),
            true,
            "--record",
            "cam1",
            "-o",
            dir.toString(),
            "--duration",
            "2s");

    assertThat(run.exitCode).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .contains("STREAM           STATE")
        .contains("cam1             CONNECTED  host/host   H264  1280x720")
        .contains("\r\u001b[2A\u001b[J");
    String afterLastErase = run.out.substring(run.out.lastIndexOf("\u001b[J") + 3);
    assertThat(afterLastErase).startsWith("Summary (duration reached): 1 file");
  }

  @Test
  void anEngineThatCannotStartGivesExitCode1WithoutAStackTrace() {
    ScriptedEngine.Script script = ScriptedEngine.Script.streams("cam1");
    script.failOnStart = true;

    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(script), false, "--record", "cam1", "-o", dir.toString());

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(logLines())
        .contains("Cannot start recording: cannot reach the handshake server: connection refused");
    assertThat(run.out).contains("No file was recorded.");
    assertThat(run.err).doesNotContain("\tat ");
  }

  @Test
  void aRecorderWideErrorMakesTheExitCode1() {
    ScriptedEngine.Script script = ScriptedEngine.Script.streams("cam1");
    script.recorderError = "output folder is not writable";

    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(script),
            false,
            "--record",
            "cam1",
            "-o",
            dir.toString(),
            "--duration",
            "1s");

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.out).contains("error: output folder is not writable");
  }

  @Test
  void theOutputFolderIsCreated() {
    Path nested = dir.resolve("a/b");

    CliRun run =
        CliRun.run(
            new ScriptedEngine.Factory(ScriptedEngine.Script.streams("cam1")),
            false,
            "--record",
            "cam1",
            "-o",
            nested.toString(),
            "--duration",
            "1s");

    assertThat(run.exitCode).isEqualTo(ExitCode.OK);
    assertThat(nested).isDirectory();
  }
}
