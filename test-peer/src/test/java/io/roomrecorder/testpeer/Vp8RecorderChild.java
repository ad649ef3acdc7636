package io.roomrecorder.testpeer;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.media.VideoCodec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The process {@link Vp8KillRecordingTest} kills: a handshake server, a {@link RoomRecorder}
 * recording its room into the folder given as the only argument, and one VP8 {@link TestPublisher}
 * in it (so the file is WebM). It prints {@code RR-VP8-CHILD started <epochMillis> <path>} when the
 * recording starts and then runs until it is killed; every 100 ms it rewrites {@code sendlog.csv}
 * next to the folder ({@code v|a,clipIndex,captureMicros} lines) so the parent knows when each
 * frame of the file was captured. (The H.264 one is {@code room.RecorderChild}.)
 */
public final class Vp8RecorderChild {
  static final String MARKER = "RR-VP8-CHILD ";

  private Vp8RecorderChild() {}

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
                    .room("killroom")
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
            .room("killroom")
            .streamId("vp8victim")
            .noPassword()
            .videoCodec(VideoCodec.VP8)
            .seed(11)
            .build();
    publisher.start();
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
