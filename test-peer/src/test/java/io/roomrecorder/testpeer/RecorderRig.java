package io.roomrecorder.testpeer;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.signaling.server.HandshakeServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A handshake server on 127.0.0.1 (port 0) and a {@link RoomRecorder} recording a room through it
 * into a folder, loopback only, no STUN; events collected.
 */
final class RecorderRig implements AutoCloseable {
  final HandshakeServer server;
  final RoomRecorder recorder;
  final List<RecorderEvent> events = new CopyOnWriteArrayList<>();
  final Path folder;
  private final ExecutorService eventThread = Executors.newSingleThreadExecutor();

  private RecorderRig(Path folder, Consumer<RecorderConfig.Builder> tune) {
    this.folder = folder;
    this.server = HandshakeServer.start("127.0.0.1", 0, null);
    RecorderConfig.Builder b =
        RecorderConfig.builder()
            .server(server.url())
            .room("room1")
            .recordRoom(true)
            .stunServers(List.of())
            .allowLoopback(true)
            .localAddresses(List.of("127.0.0.1"))
            .allowedRemoteNetworks(List.of("127.0.0.0/8"))
            .connectTimeout(Duration.ofSeconds(10))
            .outputFolder(folder);
    tune.accept(b);
    this.recorder =
        RoomRecorder.builder().config(b.build()).events(eventThread, events::add).build();
  }

  static RecorderRig start(Path folder, Consumer<RecorderConfig.Builder> tune) {
    RecorderRig rig = new RecorderRig(folder, tune);
    rig.recorder.start();
    return rig;
  }

  /** A publisher builder pointed at this rig's server and room. */
  TestPublisher.Builder publisher() {
    return TestPublisher.builder(server.url()).room("room1");
  }

  StreamStats stats() {
    List<StreamStats> s = recorder.stats();
    return s.isEmpty() ? null : s.get(0);
  }

  boolean awaitStats(Predicate<StreamStats> condition, Duration timeout)
      throws InterruptedException {
    return TestPublisher.poll(
        () -> {
          StreamStats s = stats();
          return s != null && condition.test(s);
        },
        timeout);
  }

  boolean awaitEvent(Predicate<RecorderEvent> condition, Duration timeout)
      throws InterruptedException {
    return TestPublisher.poll(() -> events.stream().anyMatch(condition), timeout);
  }

  /** The first PeerStateChanged into {@code state}, or null. */
  RecorderEvent.PeerStateChanged stateChange(PeerState state) {
    return events.stream()
        .filter(e -> e instanceof RecorderEvent.PeerStateChanged p && p.to() == state)
        .map(e -> (RecorderEvent.PeerStateChanged) e)
        .findFirst()
        .orElse(null);
  }

  List<Path> recordings() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }

  @Override
  public void close() {
    recorder.close();
    server.close();
    eventThread.shutdown();
  }
}
