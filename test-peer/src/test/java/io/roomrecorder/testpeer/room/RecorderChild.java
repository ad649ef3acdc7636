package io.roomrecorder.testpeer.room;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.TestPublisher;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The process {@link KillRecordingTest} kills: a handshake server, a {@link RoomRecorder} recording
 * its room into the folder given as the only argument, and one {@link TestPublisher} in it. It
 * prints {@code RR-CHILD started <epochMillis> <path>} when the recording starts (from the
 * RecordingStarted event) and then runs until it is killed.
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
    Thread.sleep(Duration.ofMinutes(2).toMillis()); // killed long before
    publisher.close();
    recorder.close();
    server.close();
  }
}
