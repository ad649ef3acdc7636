package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code room-recorder demo} in-process, for real: our handshake server on 127.0.0.1, two test
 * publishers over ICE, DTLS-SRTP and SCTP with the default password, the recorder writing MPEG-TS.
 * The demo runs once (4 s of media); its files are then checked with ffprobe and ffmpeg, and the
 * verdict logic is shown to fail on a damaged copy, a missing stream and an unconfirmed close.
 */
class DemoCommandTest {
  @TempDir static Path dir;

  static CliRun run;
  static Path output;

  @BeforeAll
  static void runTheDemo() {
    output = dir.resolve("demo-out");
    run = CliRun.run("demo", "--duration", "4s", "--output", output.toString());
  }

  static List<Path> recordings() throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }

  @Test
  void theDemoExitsZeroAndSaysEveryFileIsValid() throws IOException {
    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .contains("Checked with our MPEG-TS reader:")
        .contains("Demo passed: 2 valid recordings")
        .containsPattern("alice: .*demo_alice_\\d+\\.ts  valid")
        .containsPattern("bob: .*demo_bob_\\d+\\.ts  valid")
        .containsPattern("H\\.264 640x360, \\d+ frames \\(\\d+ keyframes\\), [0-9.]+ s; Opus \\d+");
    assertThat(recordings())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("demo_alice_"))
        .anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("demo_bob_"));
  }

  @Test
  void everyDemoFileHasH264AndOpusAndDecodesWithoutAnError() throws IOException {
    assertThat(recordings()).isNotEmpty();
    for (Path file : recordings()) {
      Ffprobe.Stream video = Ffprobe.stream(file, "video");
      Ffprobe.Stream audio = Ffprobe.stream(file, "audio");
      assertThat(video.codecName()).as(file.toString()).isEqualTo("h264");
      assertThat(video.width()).isEqualTo(640);
      assertThat(video.height()).isEqualTo(360);
      // The demo stops 4 s after both publishers are recorded: 120 frames at 30 fps, 200 Opus
      // packets; half of that leaves room for a busy machine.
      assertThat(video.frames()).as(file.toString()).isGreaterThanOrEqualTo(60);
      assertThat(audio.codecName()).isEqualTo("opus");
      assertThat(audio.frames()).isGreaterThanOrEqualTo(100);
      assertThat(Ffmpeg.decodeErrors(file)).as(file.toString()).isEmpty();
    }
  }

  @Test
  void theVerdictFailsOnADamagedFileAMissingStreamAndAnUnconfirmedClose() throws IOException {
    Path good = recordings().get(0);
    byte[] bytes = Files.readAllBytes(good);
    Path damaged = dir.resolve("damaged.ts");
    byte[] copy = bytes.clone();
    for (int i = 188 * 40; i < copy.length; i += 188 * 7) {
      copy[i] = 0x00; // break the sync byte of every seventh packet
    }
    Files.write(damaged, copy);

    DemoCheck.Verdict verdict =
        DemoCheck.check(
            List.of("alice", "bob", "carol"),
            List.of(
                new RecordingSummary.RecordedFile("alice", good, true),
                new RecordingSummary.RecordedFile("bob", damaged, true)));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.missing()).containsExactly("carol");
    assertThat(verdict.files().get(0).valid()).isTrue();
    assertThat(verdict.files().get(1).valid()).isFalse();
    assertThat(verdict.failure()).contains("no file for carol").contains("1 of 2 files not valid");
    assertThat(String.join("\n", verdict.lines()))
        .contains("bob: " + damaged + "  NOT VALID")
        .contains("problem: the reader found")
        .contains("carol: NO FILE was recorded");

    DemoCheck.FileVerdict unconfirmed =
        DemoCheck.checkFile(new RecordingSummary.RecordedFile("alice", good, false));
    assertThat(unconfirmed.valid()).isFalse();
    assertThat(unconfirmed.lines()).anyMatch(l -> l.contains("did not confirm"));

    DemoCheck.FileVerdict absent =
        DemoCheck.checkFile(
            new RecordingSummary.RecordedFile("alice", dir.resolve("gone.ts"), true));
    assertThat(absent.valid()).isFalse();
    assertThat(absent.lines()).anyMatch(l -> l.contains("does not exist"));

    assertThat(DemoCheck.check(List.of("alice"), List.of()).failure())
        .isEqualTo("no file for alice");
  }

  @Test
  void aBadDurationIsAUsageError() {
    CliRun bad = CliRun.run("demo", "--duration", "soon");

    assertThat(bad.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err).contains("is not a duration");
  }
}
