package io.roomrecorder.cli;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A test double of the recording engine behind {@link RoomRecorder}'s {@code EngineFactory} seam:
 * on {@link #start()} it emits a scripted event sequence for each stream (joined → ICE checking →
 * connected → recording to a file in the configured output folder) and afterwards reports scripted
 * {@link StreamStats}; {@link #close()} emits the RecordingStopped/CLOSED events a real engine
 * emits when it finalizes its files. It writes no media: the CLI is under test, not the engine.
 */
final class ScriptedEngine implements RoomRecorder.Engine {
  /** What the engine should do. */
  static final class Script {
    final List<String> streams = new ArrayList<>();
    boolean failOnStart;
    boolean hangOnClose;
    String recorderError;
    String failStream;

    static Script streams(String... ids) {
      Script s = new Script();
      s.streams.addAll(List.of(ids));
      return s;
    }
  }

  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  final RecorderConfig config;
  private final Consumer<RecorderEvent> events;
  private final Script script;
  final List<Path> openFiles = new CopyOnWriteArrayList<>();
  volatile boolean closed;
  volatile int closeCalls;
  final CountDownLatch started = new CountDownLatch(1);

  ScriptedEngine(RecorderConfig config, Consumer<RecorderEvent> events, Script script) {
    this.config = config;
    this.events = events;
    this.script = script;
  }

  /** A factory that creates one engine per recorder and remembers the last. */
  static final class Factory implements RoomRecorder.EngineFactory {
    final Script script;
    volatile ScriptedEngine last;

    Factory(Script script) {
      this.script = script;
    }

    @Override
    public RoomRecorder.Engine create(RecorderConfig config, Consumer<RecorderEvent> events) {
      last = new ScriptedEngine(config, events, script);
      return last;
    }
  }

  @Override
  public void start() {
    if (script.failOnStart) {
      throw new IllegalStateException("cannot reach the handshake server: connection refused");
    }
    events.accept(new RecorderEvent.SignalingChanged(T0, true, "joined room"));
    for (String id : script.streams) {
      events.accept(new RecorderEvent.ParticipantJoined(T0, id, "uuid-" + id));
      state(id, PeerState.NEW, PeerState.NEGOTIATING, "offer answered");
      state(id, PeerState.NEGOTIATING, PeerState.CONNECTING, "remote candidates");
      if (id.equals(script.failStream)) {
        state(id, PeerState.CONNECTING, PeerState.FAILED, "ICE checks timed out after 30 s");
        continue;
      }
      state(id, PeerState.CONNECTING, PeerState.DTLS, "pair selected");
      state(id, PeerState.DTLS, PeerState.CONNECTED, "SRTP keys set");
      Path file = config.outputFolder().resolve("room_" + id + "_1763719200.ts");
      openFiles.add(file);
      events.accept(new RecorderEvent.RecordingStarted(T0, id, file));
    }
    if (script.recorderError != null) {
      events.accept(new RecorderEvent.Error(T0, null, script.recorderError));
    }
    started.countDown();
  }

  private void state(String id, PeerState from, PeerState to, String reason) {
    events.accept(new RecorderEvent.PeerStateChanged(T0, id, from, to, reason));
  }

  @Override
  public List<StreamStats> stats() {
    List<StreamStats> list = new ArrayList<>();
    for (Path f : openFiles) {
      String id = f.getFileName().toString().split("_")[1];
      list.add(stats(id, f));
    }
    return list;
  }

  static StreamStats stats(String id, Path file) {
    return new StreamStats(
        id,
        PeerState.CONNECTED,
        "host/host",
        "H264",
        1280,
        720,
        30.0,
        2_500_000,
        900,
        1500,
        12,
        10,
        14,
        1,
        0,
        file,
        9_437_184,
        Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    closeCalls++;
    if (script.hangOnClose) {
      try {
        new CountDownLatch(1).await(); // a stuck engine: only Runtime.halt ends this
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (closed) {
      return;
    }
    closed = true;
    for (Path f : openFiles) {
      String id = f.getFileName().toString().split("_")[1];
      events.accept(
          new RecorderEvent.RecordingStopped(
              T0.plusSeconds(30), id, f, Duration.ofSeconds(30), 9_437_184, "recorder closed"));
      state(id, PeerState.CONNECTED, PeerState.CLOSED, "recorder closed");
    }
  }
}
