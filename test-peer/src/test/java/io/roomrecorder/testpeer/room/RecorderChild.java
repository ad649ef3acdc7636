package io.roomrecorder.testpeer.room;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.SendLog;
import io.roomrecorder.testpeer.TestPublisher;
import io.roomrecorder.testpeer.media.VideoCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The process the kill tests ({@link KillRecordingTest}, and the WebM one) kill: a handshake
 * server, a {@link RoomRecorder} recording its room into a folder, and one {@link TestPublisher} in
 * it (VP8 makes the file WebM). It prints {@code RR-CHILD started <epochMillis> <path>} when the
 * recording starts (from the RecordingStarted event) and then runs until it is killed. Every 100 ms
 * it rewrites {@code sendlog.csv} next to the folder with what the publisher sent ({@code
 * v|a,clipIndex,captureMicros} lines), so the parent knows when each frame of the file was
 * captured.
 *
 * <p>Arguments: folder, room, stream ID, {@code h264} or {@code vp8}, publisher seed.
 */
public final class RecorderChild {
  public static final String MARKER = "RR-CHILD ";

  private RecorderChild() {}

  /** Starts the child JVM on this test's class path; its output goes to {@code log}. */
  public static Process spawn(
      Path folder, Path log, String room, String streamId, VideoCodec codec, long seed)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-Dice4j.harvest.mapping.aws.enabled=false");
    cmd.add("-Dorg.ice4j.ice.harvest.DISABLE_AWS_HARVESTER=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(RecorderChild.class.getName());
    cmd.add(folder.toString());
    cmd.add(room);
    cmd.add(streamId);
    cmd.add(codec.name());
    cmd.add(Long.toString(seed));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for the child's {@code MARKER + what} line and returns what follows the marker. */
  public static String awaitMarker(Process child, Path log, String what, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          int i = line.indexOf(MARKER + what);
          if (i >= 0) {
            return line.substring(i + MARKER.length());
          }
        }
      }
      if (!child.isAlive()) {
        throw new AssertionError("child exited: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + what + "' from the child: " + Files.readString(log));
  }

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    String room = args[1];
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    PrintStream out = System.out;
    HandshakeServer server = HandshakeServer.start("127.0.0.1", 0, null);
    RoomRecorder recorder =
        RoomRecorder.builder()
            .config(
                RecorderConfig.builder()
                    .server(server.url())
                    .room(room)
                    .recordRoom(true)
                    .password("false")
                    .stunServers(List.of())
                    .allowLoopback(true)
                    .localAddresses(List.of("127.0.0.1"))
                    .allowedRemoteNetworks(List.of("127.0.0.0/8"))
                    .connectTimeout(Duration.ofSeconds(15))
                    .outputFolder(folder)
                    .build())
            .events(
                Executors.newSingleThreadExecutor(),
                e -> {
                  if (e instanceof RecorderEvent.RecordingStarted s) {
                    out.println(MARKER + "started " + s.time().toEpochMilli() + " " + s.file());
                    out.flush();
                  }
                })
            .build();
    recorder.start();
    TestPublisher publisher =
        TestPublisher.builder(server.url())
            .room(room)
            .streamId(args[2])
            .noPassword()
            .videoCodec(VideoCodec.valueOf(args[3]))
            .seed(Long.parseLong(args[4]))
            .build();
    publisher.start();
    out.println(MARKER + "publishing");
    out.flush();
    Path sendLog = folder.resolveSibling("sendlog.csv");
    Path tmp = folder.resolveSibling("sendlog.csv.tmp");
    long until = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // killed long before
    while (System.nanoTime() < until) {
      SendLog log = publisher.sendLog();
      if (log != null) {
        StringBuilder b = new StringBuilder();
        for (SendLog.VideoFrame f : log.video()) {
          b.append("v,").append(f.clipIndex()).append(',').append(f.captureMicros()).append('\n');
        }
        for (SendLog.AudioPacket a : log.audio()) {
          b.append("a,").append(a.clipIndex()).append(',').append(a.captureMicros()).append('\n');
        }
        Files.writeString(tmp, b);
        Files.move(
            tmp, sendLog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Thread.sleep(100);
    }
    publisher.close();
    recorder.close();
    server.close();
  }
}
