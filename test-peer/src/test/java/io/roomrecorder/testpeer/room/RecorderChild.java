package io.roomrecorder.testpeer.room;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.SendLog;
import io.roomrecorder.testpeer.TestPublisher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The process {@link KillRecordingTest} kills: a handshake server, a {@link RoomRecorder} recording
 * its room into the folder given as the only argument, and one {@link TestPublisher} in it. It
 * prints {@code RR-CHILD started <epochMillis> <path>} when the recording starts (from the
 * RecordingStarted event) and then runs until it is killed. Every 100 ms it rewrites {@code
 * sendlog.csv} next to the folder with what the publisher sent ({@code v|a,clipIndex,captureMicros}
 * lines), so the parent knows when each frame of the file was captured.
 */
public final class RecorderChild {
  static final String MARKER = "RR-CHILD ";

  private RecorderChild() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    PrintStream out = System.out;
    HandshakeServer server = HandshakeServer.start("127.0.0.1", 0, null);
    RoomRecorder recorder =
        RoomRecorder.builder()
            .config(
                RecorderConfig.builder()
                    .server(server.url())
                    .room(RoomRig.ROOM)
                    .recordRoom(true)
                    .password("false")
                    .stunServers(List.of())
                    .allowLoopback(true)
                    .localAddresses(List.of("127.0.0.1"))
                    .allowedRemoteNetworks(List.of("127.0.0.0/8"))
                    .connectTimeout(Duration.ofSeconds(15))
                    .outputFolder(Path.of(args[0]))
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
            .room(RoomRig.ROOM)
            .streamId("victim")
            .noPassword()
            .seed(9)
            .build();
    publisher.start();
    out.println(MARKER + "publishing");
    out.flush();
    Path sendLog = Path.of(args[0]).resolveSibling("sendlog.csv");
    Path tmp = Path.of(args[0]).resolveSibling("sendlog.csv.tmp");
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
