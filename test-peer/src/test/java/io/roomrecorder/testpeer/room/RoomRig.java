package io.roomrecorder.testpeer.room;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.TestPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A handshake server on 127.0.0.1 and a {@link RoomRecorder} recording room {@value #ROOM} through
 * it into a folder, loopback only, no STUN. Events are delivered on the embedder's own
 * single-thread executor ({@value #EVENT_THREAD}); each is kept with the name of the thread it
 * arrived on.
 */
final class RoomRig implements AutoCloseable {
  static final String ROOM = "room1";
  static final String EVENT_THREAD = "embedder-events";

  /** An event and the thread the listener saw it on. */
  record Delivered(RecorderEvent event, String thread) {}

  final HandshakeServer server;
  final RoomRecorder recorder;
  final Path folder;
  final List<Delivered> delivered = new CopyOnWriteArrayList<>();
  private final ExecutorService eventThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, EVENT_THREAD);
            t.setDaemon(true);
            return t;
          });

  RoomRig(Path folder, Consumer<RecorderConfig.Builder> tune) {
    this.folder = folder;
    this.server = HandshakeServer.start("127.0.0.1", 0, null);
    RecorderConfig.Builder b =
        RecorderConfig.builder()
            .server(server.url())
            .room(ROOM)
            .recordRoom(true)
            .stunServers(List.of())
            .allowLoopback(true)
            .localAddresses(List.of("127.0.0.1"))
            .allowedRemoteNetworks(List.of("127.0.0.0/8"))
            .connectTimeout(Duration.ofSeconds(15))
            .outputFolder(folder);
    tune.accept(b);
    this.recorder =
        RoomRecorder.builder()
            .config(b.build())
            .events(
                eventThread, e -> delivered.add(new Delivered(e, Thread.currentThread().getName())))
            .build();
    recorder.start();
  }

  TestPublisher.Builder publisher(String streamId) {
    return TestPublisher.builder(server.url()).room(ROOM).streamId(streamId);
  }

  List<RecorderEvent> events() {
    return delivered.stream().map(Delivered::event).toList();
  }

  <T extends RecorderEvent> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends RecorderEvent> List<T> events(Class<T> type, String streamId) {
    return events(type).stream().filter(e -> streamId.equals(streamIdOf(e))).toList();
  }

  static String streamIdOf(RecorderEvent e) {
    if (e instanceof RecorderEvent.ParticipantJoined j) {
      return j.streamId();
    } else if (e instanceof RecorderEvent.ParticipantLeft l) {
      return l.streamId();
    } else if (e instanceof RecorderEvent.PeerStateChanged s) {
      return s.streamId();
    } else if (e instanceof RecorderEvent.RecordingStarted s) {
      return s.streamId();
    } else if (e instanceof RecorderEvent.RecordingStopped s) {
      return s.streamId();
    } else if (e instanceof RecorderEvent.Error err) {
      return err.streamId();
    }
    return null;
  }

  Optional<StreamStats> stats(String streamId) {
    return recorder.stats().stream().filter(s -> s.streamId().equals(streamId)).findFirst();
  }

  boolean awaitFrames(String streamId, long frames, Duration timeout) throws InterruptedException {
    return poll(() -> stats(streamId).map(s -> s.videoFrames() >= frames).orElse(false), timeout);
  }

  boolean awaitEvent(Predicate<RecorderEvent> condition, Duration timeout)
      throws InterruptedException {
    return poll(() -> events().stream().anyMatch(condition), timeout);
  }

  static boolean poll(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  List<Path> recordings() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
    }
  }

  /** Closes the recorder (finalizing every file), then lets the event thread drain. */
  @Override
  public void close() {
    try {
      recorder.close();
      server.close();
    } finally {
      eventThread.shutdown();
      try {
        eventThread.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
