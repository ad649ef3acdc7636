package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.ts.testing.Ffmpeg;
import io.roomrecorder.ts.testing.Ffprobe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code room-recorder loadgen} in-process against our handshake server on 127.0.0.1 and a real
 * {@link RoomRecorder} recording the room: the publishers connect, the files carry the requested
 * bit rate (filler data) and decode cleanly; without a recorder the run fails; flags are checked.
 */
class LoadgenCommandTest {
  @TempDir Path dir;

  HandshakeServer server;
  ExecutorService events;

  @BeforeEach
  void startServer() {
    server = HandshakeServer.start("127.0.0.1", 0, null);
    events = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stopServer() {
    server.close();
    events.shutdownNow();
  }

  RoomRecorder recorder(String room, Path folder) {
    RecorderConfig config =
        RecorderConfig.builder()
            .server(server.url())
            .room(room)
            .recordRoom(true)
            .stunServers(List.of())
            .allowLoopback(true)
            .localAddresses(List.of("127.0.0.1"))
            .allowedRemoteNetworks(List.of("127.0.0.0/8"))
            .outputFolder(folder)
            .build();
    return RoomRecorder.builder().config(config).events(events, e -> {}).build();
  }

  List<Path> recordings(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }

  @Test
  void twoPublishersAtOneMegabitAreRecordedAtThatRateAndDecodeCleanly() throws IOException {
    Path folder = dir.resolve("rec");
    CliRun run;
    try (RoomRecorder recorder = recorder("load", folder)) {
      recorder.start();
      run =
          CliRun.run(
              "loadgen",
              "--server",
              server.url(),
              "--room",
              "load",
              "--streams",
              "2",
              "--bitrate",
              "1M",
              "--duration",
              "8s",
              "--status-every",
              "2s");
    }

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
    assertThat(run.out)
        .contains("Load generator summary: 2 of 2 publishers sent media, 0 failed")
        .containsPattern("load1 \\w+: \\d+ video frames")
        .containsPattern("load2 \\w+: \\d+ video frames");
    List<Path> files = recordings(folder);
    assertThat(files).hasSize(2);
    for (Path file : files) {
      List<Ffprobe.Packet> video = Ffprobe.packets(file, "v:0");
      assertThat(video.size()).as(file.toString()).isGreaterThan(60);
      // Bits per media second over whole seconds of the clip (a keyframe every 60 frames); the
      // filler pads the H.264 NAL units to 1 Mbit/s, the TS adds start codes and AUDs.
      int frames = (video.size() - 1) / 60 * 60;
      long bytes = 0;
      for (int i = 0; i < frames; i++) {
        bytes += video.get(i).size();
      }
      double seconds = video.get(frames).pts() - video.get(0).pts();
      double bitsPerSecond = bytes * 8 / seconds;
      assertThat(bitsPerSecond).as(file.toString()).isBetween(0.9e6, 1.15e6);
      assertThat(Ffprobe.stream(file, "audio").codecName()).isEqualTo("opus");
      assertThat(Ffmpeg.decodeErrors(file)).as(file.toString()).isEmpty();
    }
  }

  @Test
  void publishersThatNobodyViewsMakeTheRunFail() {
    CliRun run =
        CliRun.run(
            "loadgen",
            "--server",
            server.url(),
            "--room",
            "empty",
            "--streams",
            "1",
            "--duration",
            "2s");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err).contains("1 of 1 publishers never sent media");
    assertThat(run.out).contains("load1 WAITING: 0 video frames");
  }

  @ParameterizedTest(name = "loadgen {0} is a usage error")
  @ValueSource(
      strings = {
        "--streams 0",
        "--streams 1001",
        "--bitrate 100k",
        "--bitrate fast",
        "--stream-prefix a/b",
        "--address localhost",
        "--server http://127.0.0.1:1"
      })
  void malformedFlagsAreUsageErrors(String flags) {
    List<String> args = new java.util.ArrayList<>(List.of("loadgen", "--room", "r"));
    args.addAll(List.of(flags.split(" ")));
    if (!flags.contains("--server")) {
      args.addAll(List.of("--server", server.url()));
    }
    if (!flags.contains("--streams")) {
      args.addAll(List.of("--streams", "2"));
    }
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).isNotBlank().doesNotContain("Exception");
  }

  @Test
  void aBitRateBelowTheClipsOwnSaysWhatTheClipHas() {
    CliRun run =
        CliRun.run(
            "loadgen",
            "--server",
            server.url(),
            "--room",
            "r",
            "--streams",
            "1",
            "--bitrate",
            "100k");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("below the clip's own video bit rate");
  }

  @ParameterizedTest(name = "--bitrate {0} is {1} bit/s")
  @CsvSource({
    "2500000, 2500000",
    "2500k, 2500000",
    "2.5M, 2500000",
    "2.5Mbit, 2500000",
    "800kbps, 800000",
    "1m, 1000000"
  })
  void bitRatesAreReadWithSiPrefixes(String flag, long expected) {
    assertThat(BitrateFlag.parse(flag)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "--bitrate {0} is refused")
  @ValueSource(strings = {"", "0", "-1", "2G", "1.5.5M", "2000M", "fast"})
  void nonsenseBitRatesAreRefused(String flag) {
    assertThatThrownBy(() -> BitrateFlag.parse(flag)).isInstanceOf(TypeConversionException.class);
  }
}
