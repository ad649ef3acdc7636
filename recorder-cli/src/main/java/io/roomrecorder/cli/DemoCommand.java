package io.roomrecorder.cli;

import io.roomrecorder.api.RecorderConfig;
import io.roomrecorder.signaling.server.HandshakeServer;
import io.roomrecorder.testpeer.TestPublisher;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code room-recorder demo}: the whole product offline, on loopback. Starts our handshake server
 * on 127.0.0.1 (a free port), two test publishers ({@code alice} and {@code bob}, the sample clip
 * in H.264 + Opus, VDO.Ninja's default password so signaling is encrypted and stream IDs salted) in
 * room {@code demo}, records the room exactly as {@code room-recorder --room demo --record-room}
 * would (same {@link RecordingSession}: log lines, live status, summary), and then checks every
 * file with our MPEG-TS reader ({@link DemoCheck}). Exit 0 only when each publisher has a valid
 * file.
 *
 * <p>Not thread-safe; picocli fills one instance per run.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Offline demo: a handshake server on 127.0.0.1, two test publishers (alice, bob) in room"
          + " 'demo', recorded for 10 s; then every file is checked with our MPEG-TS reader.",
      ""
    },
    footer = {
      "%nExit codes:",
      "  0    every publisher was recorded to a valid file",
      "  1    a file is missing or not valid, or the recorder failed",
      "  2    usage error",
      "  130  stopped with Ctrl+C (143: SIGTERM)"
    })
final class DemoCommand implements Callable<Integer> {
  static final String ROOM = "demo";
  static final List<String> STREAMS = List.of("alice", "bob");
  static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  static final String LOOPBACK = "127.0.0.1";

  /** How long the publishers may take to connect and start media. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final DateTimeFormatter FOLDER_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  private final CliContext ctx;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationFlag.class,
      description =
          "How long to record once every publisher is connected: 90, 30s, 10m (default: 10s).")
  Duration duration = DEFAULT_DURATION;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Folder for the recordings (default: recordings/demo-<date>-<time>).")
  Path output;

  @Option(
      names = "--password",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "P|false",
      description = "Room password of the publishers and the recorder (default: VDO.Ninja's).")
  String password;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "ERROR, WARN, INFO (default), DEBUG or TRACE. The demo's own publishers log at WARN"
              + " unless DEBUG.")
  LoggingSetup.LogLevel logLevel = LoggingSetup.LogLevel.INFO;

  DemoCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path folder = output != null ? output : defaultFolder();
    String pw = PasswordFlags.normalizePassword(password);
    LiveScreen screen = ctx.terminal() ? new LiveScreen(ctx.out()) : null;
    if (ctx.process()) {
      LoggingSetup.configure(logLevel);
      if (logLevel.compareTo(LoggingSetup.LogLevel.DEBUG) < 0) {
        // The recorder's own lines ("room-recorder" logger) say what happens; the engine's and
        // the publishers' details (io.roomrecorder.*) would drown them. --log-level DEBUG shows
        // all.
        LoggingSetup.level("io.roomrecorder", LoggingSetup.LogLevel.WARN);
      }
      if (screen != null) {
        LoggingSetup.routeThrough(screen);
      }
    }
    HandshakeServer server;
    try {
      server = HandshakeServer.start(LOOPBACK, 0, null);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      ctx.err()
          .println(
              "room-recorder demo: cannot start the handshake server on "
                  + LOOPBACK
                  + ": "
                  + RecordingSession.message(e));
      return ExitCode.FAILURE;
    }
    List<TestPublisher> publishers = new ArrayList<>();
    RecordingSession session;
    int code;
    try {
      RecorderConfig.Builder config =
          RecorderConfig.builder()
              .server(server.url())
              .room(ROOM)
              .recordRoom(true)
              .stunServers(List.of())
              .allowLoopback(true)
              .localAddresses(List.of("127.0.0.1"))
              .allowedRemoteNetworks(List.of("127.0.0.0/8"))
              .outputFolder(folder);
      if (pw != null) {
        config.password(pw);
      }
      RecordingSession.log(
          EventLines.Level.INFO,
          null,
          "Demo: handshake server "
              + server.url()
              + ", publishers "
              + String.join(" and ", STREAMS)
              + " in room "
              + ROOM
              + " (password: "
              + (pw == null
                  ? "VDO.Ninja's default"
                  : PasswordFlags.DISABLED.equals(pw) ? "off" : "yours")
              + "); recording "
              + Units.duration(duration)
              + " once both are connected, into "
              + folder);
      for (int i = 0; i < STREAMS.size(); i++) {
        TestPublisher.Builder b =
            TestPublisher.builder(server.url()).room(ROOM).streamId(STREAMS.get(i)).seed(i + 1);
        if (pw != null) {
          b.password(pw);
        }
        TestPublisher p = b.build();
        publishers.add(p);
        p.start();
      }
      session = new RecordingSession(config.build(), ctx, null, false, screen);
      RecordingSession running = session;
      Thread timer = new Thread(() -> timeBox(running), "demo-timer");
      timer.setDaemon(true);
      timer.start();
      code = session.run();
      timer.interrupt();
    } catch (RuntimeException e) {
      ctx.err().println("room-recorder demo: " + RecordingSession.message(e));
      return ExitCode.FAILURE;
    } finally {
      publishers.parallelStream().forEach(TestPublisher::close);
      server.close();
    }
    DemoCheck.Verdict verdict = DemoCheck.check(STREAMS, session.recordedFiles());
    ctx.out().println();
    for (String line : verdict.lines()) {
      ctx.out().println(line);
    }
    if (code != ExitCode.OK) {
      ctx.out().flush();
      return code;
    }
    if (!verdict.passed()) {
      ctx.out().flush();
      ctx.err().println("room-recorder demo: FAILED: " + verdict.failure());
      return ExitCode.FAILURE;
    }
    ctx.out()
        .println(
            "Demo passed: "
                + verdict.files().size()
                + " valid recordings in "
                + folder
                + " (play them with any player, e.g. ffplay or VLC).");
    ctx.out().flush();
    return ExitCode.OK;
  }

  /**
   * Stops the session {@code --duration} after every publisher is being recorded, so the files hold
   * that much media however long the connections took (a cold JVM on a busy machine needs a few
   * seconds); fails it when that does not happen within {@link #CONNECT_TIMEOUT}.
   */
  private void timeBox(RecordingSession session) {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    try {
      while (session.recordedFiles().size() < STREAMS.size()) {
        if (System.nanoTime() > deadline) {
          RecordingSession.log(
              EventLines.Level.ERROR,
              null,
              "Not every publisher was being recorded "
                  + CONNECT_TIMEOUT.toSeconds()
                  + " s after the start; stopping");
          session.requestStop(ExitCode.FAILURE, "publishers not connected in time");
          return;
        }
        Thread.sleep(100);
      }
      RecordingSession.log(
          EventLines.Level.INFO,
          null,
          "Every publisher is being recorded; stopping in " + Units.duration(duration));
      Thread.sleep(duration.toMillis());
      session.requestStop(ExitCode.OK, "duration reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the session ended first (Ctrl+C)
    }
  }

  /** {@code recordings/demo-20261121-120000} under the current folder, in local time. */
  private Path defaultFolder() {
    return Path.of(
        "recordings",
        "demo-" + FOLDER_TIME.format(ctx.clock().instant().atZone(ZoneId.systemDefault())));
  }
}
