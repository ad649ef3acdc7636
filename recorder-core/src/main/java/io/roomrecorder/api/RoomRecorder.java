package io.roomrecorder.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Records a VDO.Ninja room (or one stream): every publishing participant to its own file.
 *
 * <pre>{@code
 * try (RoomRecorder recorder = RoomRecorder.builder()
 *     .config(RecorderConfig.builder().room("myroom").recordRoom(true)
 *         .outputFolder(Path.of("recordings")).build())
 *     .events(executor, event -> log.info("{}", event))
 *     .build()) {
 *   recorder.start();
 *   ...
 * } // close() finalizes every file
 * }</pre>
 *
 * <p>Thread-safe: {@link #start()}, {@link #stats()} and {@link #close()} may be called from any
 * thread. Events arrive in order on the executor given to the builder, never on a recorder thread.
 */
public final class RoomRecorder implements AutoCloseable {
  private final RecorderConfig config;
  private final Executor eventExecutor;
  private final Consumer<RecorderEvent> listener;
  private final Engine engine;

  /**
   * What runs a recording. Internal: implemented in {@code io.roomrecorder.core.room}; embedders
   * use {@link RoomRecorder}.
   */
  public interface Engine extends AutoCloseable {
    /** Connects to the handshake server and starts recording. */
    void start();

    /** Current statistics of every participant. */
    List<StreamStats> stats();

    /** Finalizes every file and releases every socket and thread; idempotent. */
    @Override
    void close();
  }

  /** Creates an {@link Engine} for a configuration and an event consumer. Internal. */
  public interface EngineFactory {
    Engine create(RecorderConfig config, Consumer<RecorderEvent> events);
  }

  private RoomRecorder(Builder b) {
    this.config = b.config;
    this.eventExecutor = b.executor;
    this.listener = b.listener;
    Consumer<RecorderEvent> deliver = event -> eventExecutor.execute(() -> listener.accept(event));
    this.engine = b.engineFactory.create(config, deliver);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Connects and starts recording; returns at once. */
  public void start() {
    engine.start();
  }

  /** A snapshot of every participant's recording. */
  public List<StreamStats> stats() {
    return engine.stats();
  }

  public RecorderConfig config() {
    return config;
  }

  /** Finalizes every file within a couple of seconds and releases all resources; idempotent. */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link RoomRecorder}. Not thread-safe. */
  public static final class Builder {
    private RecorderConfig config;
    private Executor executor = Runnable::run;
    private Consumer<RecorderEvent> listener = e -> {};
    private EngineFactory engineFactory = DefaultEngine.FACTORY;

    private Builder() {}

    /** What to record (required). */
    public Builder config(RecorderConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Where events go. Events are delivered one at a time in order when {@code executor} is serial
     * (a single-thread executor); the default drops them.
     */
    public Builder events(Executor executor, Consumer<RecorderEvent> listener) {
      this.executor = Objects.requireNonNull(executor, "executor");
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Replaces the recording engine; for tests of embedders. */
    public Builder engineFactory(EngineFactory factory) {
      this.engineFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    public RoomRecorder build() {
      if (config == null) {
        throw new IllegalStateException("config is required");
      }
      return new RoomRecorder(this);
    }
  }
}
