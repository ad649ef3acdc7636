package io.roomrecorder.cli;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RoomRecorder;
import io.roomrecorder.api.StreamStats;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One {@code room-recorder record} run: builds the {@link RoomRecorder}, shows events as log lines
 * (and JSON lines with {@code --json}), refreshes the status once a second, stops at the end of
 * {@code --duration} or on Ctrl+C/SIGTERM, closes the recorder (which finalizes every file) and
 * prints the summary.
 *
 * <p>Threads: the main thread runs {@link #run()}; events arrive on one "recorder-events" thread
 * (in order); statistics are polled on one "recorder-status" thread; stdout writes are serialized
 * on {@link #outLock}. {@link #requestStop} may be called from any thread.
 */
final class RecordingSession {
  /** Logger of the user-facing event lines; the stream ID goes to the MDC key {@code stream}. */
  static final Logger EVENTS = LoggerFactory.getLogger("room-recorder");

  private static final Logger LOG = LoggerFactory.getLogger(RecordingSession.class);

  /** How long the session waits for the recorder to finalize its files before giving up. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  static final Duration STATUS_PERIOD = Duration.ofSeconds(1);

  /** Plain status lines (not on a terminal) every this many status periods. */
  static final int PLAIN_STATUS_EVERY = 10;

  /** {@code stats} JSON lines every this many status periods. */
  static final int JSON_STATS_EVERY = 5;

  private final RecorderConfig config;
  private final CliContext ctx;
  private final Duration duration;
  private final boolean json;
  private final LiveScreen screen;
  private final RecordingSummary summary = new RecordingSummary();
  private final StatsWatcher watcher = new StatsWatcher();
  private final Object outLock = new Object();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicLong ticks = new AtomicLong();
  private int stopCode = ExitCode.OK;
  private String stopReason = "duration reached";
  private volatile RoomRecorder recorder;
  private volatile ExecutorService eventThread;

  /**
   * @param duration how long to record, or {@code null} until stopped
   * @param screen the live terminal screen, or {@code null} for plain output
   */
  RecordingSession(
      RecorderConfig config, CliContext ctx, Duration duration, boolean json, LiveScreen screen) {
    this.config = config;
    this.ctx = ctx;
    this.duration = duration;
    this.json = json;
    this.screen = screen;
  }

  /** Asks the run to stop (first call wins); returns at once. */
  void requestStop(int exitCode, String reason) {
    synchronized (this) {
      if (stopRequested.getCount() == 0) {
        return;
      }
      stopCode = exitCode;
      stopReason = reason;
    }
    stopRequested.countDown();
  }

  /** The files this run opened (complete once {@link #run()} returned). */
  List<RecordingSummary.RecordedFile> recordedFiles() {
    return summary.files();
  }

  /** Records until the duration ends or a stop is requested; returns the exit code. */
  int run() {
    try {
      return record();
    } finally {
      finished.countDown();
    }
  }

  private int record() {
    try {
      Files.createDirectories(config.outputFolder());
    } catch (IOException | RuntimeException e) {
      ctx.err()
          .println(
              "room-recorder: cannot create the output folder " + config.outputFolder() + ": " + e);
      return ExitCode.FAILURE;
    }
    ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "recorder-events"));
    eventThread = events;
    ScheduledExecutorService status =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "recorder-status"));
    Thread hook = null;
    try {
      RoomRecorder.Builder builder =
          RoomRecorder.builder().config(config).events(events, this::onEvent);
      if (ctx.engineFactory() != null) {
        builder.engineFactory(ctx.engineFactory());
      }
      try {
        recorder = builder.build();
      } catch (RuntimeException e) {
        ctx.err().println("room-recorder: cannot create the recorder: " + message(e));
        return ExitCode.FAILURE;
      }
      if (ctx.process()) {
        hook = new Thread(this::onShutdown, "recorder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Interrupts.install(
            code -> requestStop(code, code == ExitCode.INTERRUPTED ? "Ctrl+C" : "SIGTERM"),
            ctx.err());
      }
      log(EventLines.Level.INFO, null, banner());
      try {
        recorder.start();
      } catch (RuntimeException e) {
        log(EventLines.Level.ERROR, null, "Cannot start recording: " + message(e));
        LOG.debug("start failed", e);
        finish(status, events, "could not start", ExitCode.FAILURE);
        return ExitCode.FAILURE;
      }
      status.scheduleAtFixedRate(this::tick, 0, STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
      awaitStop();
      int code;
      String reason;
      synchronized (this) {
        code = stopCode;
        reason = stopReason;
      }
      if (code == ExitCode.OK && summary.hadRecorderError()) {
        code = ExitCode.FAILURE;
      }
      finish(status, events, reason, code);
      return code;
    } finally {
      status.shutdownNow();
      events.shutdownNow();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down: the hook is running and will see that we finished
        }
      }
    }
  }

  private void awaitStop() {
    try {
      if (duration == null) {
        stopRequested.await();
      } else if (!stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        requestStop(ExitCode.OK, "duration reached");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop(ExitCode.INTERRUPTED, "interrupted");
    }
  }

  /** Stops the status thread, closes the recorder (bounded), drains events, prints the summary. */
  private void finish(
      ScheduledExecutorService status, ExecutorService events, String reason, int code) {
    status.shutdown();
    try {
      status.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RoomRecorder r = recorder;
    if (r != null) {
      try {
        summary.accept(r.stats()); // the last loss/recovery figures before the files close
      } catch (RuntimeException e) {
        LOG.debug("stats before close failed", e);
      }
      Thread closer =
          new Thread(
              () -> {
                try {
                  r.close();
                } catch (RuntimeException e) {
                  log(EventLines.Level.ERROR, null, "Error while closing: " + message(e));
                }
              },
              "recorder-close");
      closer.setDaemon(true);
      closer.start();
      try {
        closer.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closer.isAlive()) {
        log(
            EventLines.Level.ERROR,
            null,
            "The recorder did not finish closing within "
                + CLOSE_WAIT.toSeconds()
                + " s; files may not be finalized");
      }
    }
    events.shutdown();
    try {
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (screen != null) {
      screen.clear();
    }
    Instant now = ctx.clock().instant();
    printOut(json ? summary.json(now, reason, code) : summary.text(reason).stripTrailing());
  }

  private void onShutdown() {
    if (finished.getCount() == 0) {
      return;
    }
    requestStop(ExitCode.TERMINATED, "shutdown");
    try {
      finished.await(CLOSE_WAIT.toMillis() + 3000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the event thread. */
  private void onEvent(RecorderEvent event) {
    summary.accept(event);
    for (EventLines.Line l : EventLines.of(event)) {
      log(l.level(), l.stream(), l.text());
    }
    if (json) {
      printOut(JsonEvents.of(event));
    }
  }

  /** On the status thread, once a second. */
  private void tick() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: keep the status alive, say why.
      LOG.warn("status refresh failed: {}", e.toString());
    }
  }

  private void refresh() {
    RoomRecorder r = recorder;
    List<StreamStats> stats;
    try {
      stats = r.stats();
    } catch (RuntimeException e) {
      LOG.debug("stats failed", e);
      return;
    }
    long n = ticks.incrementAndGet();
    Instant now = ctx.clock().instant();
    summary.accept(stats);
    List<StatsWatcher.Notice> notices = watcher.update(now, stats);
    boolean jsonStats = json && n % JSON_STATS_EVERY == 0;
    if (!notices.isEmpty() || jsonStats) {
      // Through the event thread, so these lines come after the events already delivered
      // (e.g. "Video codec" after "Recording to").
      try {
        eventThread.execute(
            () -> {
              for (StatsWatcher.Notice notice : notices) {
                log(EventLines.Level.INFO, notice.stream(), notice.text());
                if (json) {
                  printOut(notice.json());
                }
              }
              if (jsonStats) {
                for (StreamStats s : stats) {
                  printOut(JsonEvents.stats(now, s));
                }
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return; // finishing
      }
    }
    if (screen != null) {
      screen.showTable(StatusTable.render(stats, LiveScreen.width()));
    } else if (!json && n % PLAIN_STATUS_EVERY == 0) {
      for (StreamStats s : stats) {
        log(EventLines.Level.INFO, s.streamId(), "Status: " + StatusTable.plain(s));
      }
    }
  }

  private String banner() {
    String what;
    if (config.recordRoom()) {
      what =
          "Recording room "
              + config.room().orElse("")
              + (config.streamsFilter().isEmpty()
                  ? " (every publisher)"
                  : " (streams " + String.join(", ", config.streamsFilter()) + ")");
    } else {
      what =
          "Recording stream "
              + config.streamId().orElse("")
              + config.room().map(r -> " in room " + r).orElse("");
    }
    String prefix =
        config
            .filePrefix()
            .orElse(config.recordRoom() ? config.room().orElse("") : config.streamId().orElse(""));
    return EventLines.printable(
        what
            + " via "
            + config.server()
            + "; files: "
            + config.outputFolder().resolve(prefix + "_<streamID>_<time>.ts")
            + (duration == null ? "" : "; stopping after " + Units.duration(duration)));
  }

  void printOut(String line) {
    synchronized (outLock) {
      ctx.out().println(line);
      ctx.out().flush();
    }
  }

  static void log(EventLines.Level level, String stream, String text) {
    if (stream != null) {
      MDC.put("stream", EventLines.printable(stream));
    }
    try {
      switch (level) {
        case INFO -> EVENTS.info("{}", text);
        case WARN -> EVENTS.warn("{}", text);
        case ERROR -> EVENTS.error("{}", text);
      }
    } finally {
      MDC.remove("stream");
    }
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
