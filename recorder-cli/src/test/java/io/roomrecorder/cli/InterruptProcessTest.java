package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl+C and SIGTERM delivered by the kernel to a real child JVM running the command line: the
 * first signal finalizes and summarises, a second one exits at once.
 */
class InterruptProcessTest {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    for (Process p : started) {
      p.destroyForcibly();
    }
  }

  /** A child process with its stdout and stderr collected as they come. */
  final class Child {
    final Process process;
    final StringBuffer out = new StringBuffer();
    final StringBuffer err = new StringBuffer();

    Child(boolean hang) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Dhang=" + hang);
      cmd.add("-Dice4j.harvest.mapping.aws.enabled=false");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(ScriptedRecorderProcess.class.getName());
      cmd.addAll(List.of("--record", "cam1", "-o", dir.toString()));
      process = new ProcessBuilder(cmd).start();
      started.add(process);
      pump(process.getInputStream(), out);
      pump(process.getErrorStream(), err);
    }

    void signal(String name) throws Exception {
      Process kill =
          new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
    }

    void await(Supplier<Boolean> condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!condition.get()) {
        assertThat(System.nanoTime() < deadline && process.isAlive())
            .as("waiting for %s; stdout:%n%s%nstderr:%n%s", what, out, err)
            .isTrue();
        Thread.sleep(50);
      }
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited; stdout:%n%s", out).isTrue();
      return process.exitValue();
    }

    String all() {
      return out + "\n" + err;
    }
  }

  private static void pump(InputStream in, StringBuffer sink) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              try {
                for (int n; (n = in.read(buf)) > 0; ) {
                  sink.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @Test
  void ctrlCFinalizesEveryFilePrintsTheSummaryAndExitsWith130() throws Exception {
    Child child = new Child(false);
    child.await(() -> child.all().contains("Recording to:"), "the recording to start");

    child.signal("INT");

    assertThat(child.exit()).as(child.all()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(child.err.toString()).contains("Stopping: finalizing files");
    assertThat(child.out.toString())
        .contains("Summary (Ctrl+C): 1 file")
        .contains("room_cam1_1763719200.ts  0:00:30  9.0 MiB  finalized");
  }

  @Test
  void sigtermFinalizesAndExitsWith143() throws Exception {
    Child child = new Child(false);
    child.await(() -> child.all().contains("Recording to:"), "the recording to start");

    child.signal("TERM");

    assertThat(child.exit()).as(child.all()).isEqualTo(ExitCode.TERMINATED);
    assertThat(child.out.toString()).contains("Summary (SIGTERM): 1 file").contains("finalized");
  }

  @Test
  void aSecondCtrlCExitsAtOnceWhileTheRecorderIsStillClosing() throws Exception {
    Child child = new Child(true);
    child.await(() -> child.all().contains("Recording to:"), "the recording to start");

    child.signal("INT");
    child.await(() -> child.err.toString().contains("Stopping"), "the first interrupt");
    child.signal("INT");

    assertThat(child.exit()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(child.err.toString()).contains("Second interrupt: exiting now");
    assertThat(child.out.toString())
        .as("halted before the %d s close wait ended", RecordingSession.CLOSE_WAIT.toSeconds())
        .doesNotContain("Summary");
  }
}
