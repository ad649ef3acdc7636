package io.roomrecorder.cli;

import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.testpeer.PublisherStats;
import io.roomrecorder.testpeer.TestPublisher;
import io.roomrecorder.testpeer.media.BitrateFiller;
import io.roomrecorder.testpeer.media.SampleClip;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code room-recorder loadgen}: N test publishers in one room, for capacity tests of a recorder.
 * Each publisher ({@link TestPublisher}, the VDO.Ninja browser's behaviour) seeds {@code
 * <prefix><i>} and sends the sample clip in real time to whoever views it; with {@code --bitrate}
 * the clip's H.264 is padded with filler data NAL units ({@link BitrateFiller}) up to that bit
 * rate, so the recorder carries the bytes of a real encoder. Shows per-publisher status (a table on
 * a terminal, lines every {@code --status-every} otherwise) and announces once when every publisher
 * is sending ("All N publishers sending media"), which scripts can wait for.
 *
 * <p>Threads: the main thread runs {@link #call()}; a "loadgen-status" thread polls statistics. Not
 * thread-safe otherwise; picocli fills one instance per run.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load generator: N test publishers (VDO.Ninja browser behaviour, H.264 + Opus sample clip)"
          + " in one room, for capacity tests of a recorder.",
      "",
      "  room-recorder loadgen --server ws://127.0.0.1:8443 --room load --streams 10"
          + " --bitrate 2.5M --duration 2m",
      ""
    },
    footer = {
      "%nExit codes:",
      "  0    --duration reached and every publisher connected and sent media",
      "  1    a publisher never sent media or failed, or the publishers could not start",
      "  2    usage error",
      "  130  stopped with Ctrl+C (143: SIGTERM); publishers closed"
    })
final class LoadgenCommand implements java.util.concurrent.Callable<Integer> {
  static final int MAX_STREAMS = 1000;

  private final CliContext ctx;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile int stopCode = ExitCode.OK;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "Handshake server, e.g. ws://127.0.0.1:8443 (see serve-signaling).")
  String server;

  @Option(names = "--room", required = true, paramLabel = "ROOM", description = "The room.")
  String room;

  @Option(
      names = "--streams",
      required = true,
      paramLabel = "N",
      description = "How many publishers (1-" + MAX_STREAMS + ").")
  int streams;

  @Option(
      names = "--bitrate",
      paramLabel = "B",
      converter = BitrateFlag.class,
      description =
          "H.264 bit rate per publisher, e.g. 2.5M or 2500k (default: the clip's own, about"
              + " 250 kbit/s); reached with filler data NAL units. Opus adds about 70 kbit/s.")
  Long bitrate;

  @Option(
      names = "--password",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "P|false",
      description = "Room password (default: VDO.Ninja's default password).")
  String password;

  @Option(names = "--salt", paramLabel = "SALT", description = "Salt (default: vdo.ninja).")
  String salt;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationFlag.class,
      description = "Stop after this long: 90, 30s, 10m (default: until Ctrl+C).")
  Duration duration;

  @Option(
      names = "--stream-prefix",
      paramLabel = "P",
      description = "Stream IDs are P1 … PN (default: load).")
  String prefix = "load";

  @Option(
      names = "--address",
      paramLabel = "ADDR",
      description =
          "Local IP address the publishers' ICE uses (default: 127.0.0.1, a recorder on this"
              + " machine).")
  String address = "127.0.0.1";

  @Option(
      names = "--start-interval",
      paramLabel = "TIME",
      description = "Pause between starting two publishers, in milliseconds (default: 50).")
  long startIntervalMs = 50;

  @Option(
      names = "--status-every",
      paramLabel = "TIME",
      converter = DurationFlag.class,
      description = "Status lines this often when not on a terminal (default: 10s).")
  Duration statusEvery = Duration.ofSeconds(10);

  @Option(names = "--noaudio", description = "Send video only.")
  boolean noAudio;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "ERROR, WARN, INFO (default), DEBUG or TRACE; publishers' own lines from DEBUG.")
  LoggingSetup.LogLevel logLevel = LoggingSetup.LogLevel.INFO;

  LoadgenCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String usage = validate();
    if (usage != null) {
      ctx.err().println("room-recorder loadgen: " + usage);
      ctx.err().println("Try 'room-recorder loadgen --help' for more information.");
      return ExitCode.USAGE;
    }
    SampleClip clip;
    IceConfig ice;
    try {
      clip = bitrate == null ? SampleClip.h264() : BitrateFiller.pad(SampleClip.h264(), bitrate);
      ice = iceConfig(address);
    } catch (IllegalArgumentException e) {
      ctx.err().println("room-recorder loadgen: " + e.getMessage());
      return ExitCode.USAGE;
    }
    LiveScreen screen = ctx.terminal() ? new LiveScreen(ctx.out()) : null;
    if (ctx.process()) {
      LoggingSetup.configure(logLevel);
      if (logLevel.compareTo(LoggingSetup.LogLevel.DEBUG) < 0) {
        // N publishers' connection details (test-peer, ICE, DTLS, signaling) would bury the status;
        // the load generator's own lines use the "room-recorder" logger. DEBUG shows everything.
        LoggingSetup.level("io.roomrecorder", LoggingSetup.LogLevel.WARN);
      }
      if (screen != null) {
        LoggingSetup.routeThrough(screen);
      }
    }
    String pw = PasswordFlags.normalizePassword(password);
    LoadStatus status = new LoadStatus(streams, prefix);
    List<TestPublisher> publishers = new ArrayList<>();
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "loadgen-status");
              t.setDaemon(true);
              return t;
            });
    Thread hook = null;
    try {
      if (ctx.process()) {
        hook =
            new Thread(
                () -> {
                  // Without the signal handlers (e.g. -Xrs) a SIGTERM still closes every
                  // publisher before the JVM exits.
                  requestStop(ExitCode.TERMINATED);
                  try {
                    finished.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "loadgen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Interrupts.install(this::requestStop, ctx.err());
      }
      RecordingSession.log(
          EventLines.Level.INFO,
          null,
          String.format(
              Locale.ROOT,
              "Load generator: %d publishers %s1…%s%d in room %s via %s, H.264 at %s%s%s",
              streams,
              prefix,
              prefix,
              streams,
              room,
              server,
              Units.bitrate(BitrateFiller.naturalBitsPerSecond(clip)),
              noAudio ? " (no audio)" : " + Opus",
              duration == null ? "" : ", for " + Units.duration(duration)));
      long t0 = System.nanoTime();
      poller.scheduleAtFixedRate(
          () -> refresh(status, publishers, screen, t0), 1, 1, TimeUnit.SECONDS);
      for (int i = 1; i <= streams && stop.getCount() > 0; i++) {
        TestPublisher.Builder b =
            TestPublisher.builder(server)
                .room(room)
                .streamId(prefix + i)
                .seed(i)
                .iceConfig(ice)
                .audio(!noAudio)
                .clip(clip);
        if (pw != null) {
          b.password(pw);
        }
        if (salt != null) {
          b.salt(salt);
        }
        TestPublisher p = b.build();
        synchronized (publishers) {
          publishers.add(p);
        }
        p.start();
        if (startIntervalMs > 0 && i < streams) {
          stop.await(startIntervalMs, TimeUnit.MILLISECONDS);
        }
      }
      if (duration == null) {
        stop.await();
      } else if (!stop.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        stopCode = ExitCode.OK;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopCode = ExitCode.INTERRUPTED;
    } catch (RuntimeException e) {
      ctx.err().println("room-recorder loadgen: " + RecordingSession.message(e));
      stopCode = ExitCode.FAILURE;
    } finally {
      poller.shutdown();
      try {
        poller.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<TestPublisher> all;
      synchronized (publishers) {
        all = List.copyOf(publishers);
      }
      status.update(all, System.nanoTime());
      all.parallelStream().forEach(TestPublisher::close);
      finished.countDown();
      if (screen != null) {
        screen.clear();
      }
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already
        }
      }
    }
    for (String line : status.summary()) {
      ctx.out().println(line);
    }
    ctx.out().flush();
    int code = stopCode;
    if (code == ExitCode.OK && !status.allEverSent()) {
      ctx.err()
          .println(
              "room-recorder loadgen: "
                  + status.neverSent()
                  + " of "
                  + streams
                  + " publishers never sent media (is a recorder viewing room "
                  + room
                  + "?)");
      code = ExitCode.FAILURE;
    } else if (code == ExitCode.OK && status.failed() > 0) {
      ctx.err().println("room-recorder loadgen: " + status.failed() + " publishers failed");
      code = ExitCode.FAILURE;
    }
    return code;
  }

  private void requestStop(int code) {
    if (stop.getCount() > 0) {
      stopCode = code;
      stop.countDown();
    }
  }

  /** A usage problem with the flags, or null. */
  String validate() {
    if (streams < 1 || streams > MAX_STREAMS) {
      return "--streams must be 1-" + MAX_STREAMS + ": " + streams;
    }
    if (!server.matches("(?i)wss?://.+")) {
      return "--server must be a ws:// or wss:// URL: " + server;
    }
    if (room.isBlank()) {
      return "--room is empty";
    }
    if (!prefix.matches("[A-Za-z0-9_-]{1,40}")) {
      return "--stream-prefix must be 1-40 letters, digits, _ or -: " + prefix;
    }
    if (startIntervalMs < 0 || startIntervalMs > 60_000) {
      return "--start-interval must be 0-60000 ms";
    }
    return null;
  }

  /**
   * ICE for the publishers: host candidates on {@code address} only, no STUN. On loopback also only
   * loopback remote candidates, so checks never leave the machine.
   */
  static IceConfig iceConfig(String address) {
    InetAddress a;
    try {
      if (!address.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
        throw new IllegalArgumentException("--address must be an IP address: " + address);
      }
      a = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--address must be an IP address: " + address, e);
    }
    IceConfig.Builder b = IceConfig.builder().noStun().allowAddress(address);
    if (a.isLoopbackAddress()) {
      b.allowLoopback(true)
          .allowRemoteNetwork(a.getAddress().length == 4 ? "127.0.0.0/8" : "::1/128");
    }
    return b.build();
  }

  private void refresh(
      LoadStatus status, List<TestPublisher> publishers, LiveScreen screen, long t0) {
    try {
      List<TestPublisher> all;
      synchronized (publishers) {
        all = List.copyOf(publishers);
      }
      long now = System.nanoTime();
      String announcement = status.update(all, now);
      if (announcement != null) {
        RecordingSession.log(
            EventLines.Level.INFO,
            null,
            String.format(Locale.ROOT, "%s (%.1f s after start)", announcement, (now - t0) / 1e9));
      }
      if (screen != null) {
        screen.showTable(status.table(LiveScreen.width()));
      } else if (status.ticks() % Math.max(1, statusEvery.toSeconds()) == 0) {
        for (String line : status.plainLines()) {
          RecordingSession.log(EventLines.Level.INFO, null, line);
        }
      }
    } catch (RuntimeException e) {
      RecordingSession.log(EventLines.Level.WARN, null, "status refresh failed: " + e);
    }
  }

  /** A packet rate as shown in the status. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  /** What the status shows and the exit code needs: per-publisher counters over time. */
  static final class LoadStatus {
    private final int expected;
    private final List<PublisherStats> last = new ArrayList<>();
    private final List<Long> lastPackets = new ArrayList<>();
    private final List<Boolean> everSent = new ArrayList<>();
    private final List<Double> packetRate = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private long lastNanos;
    private long ticks;
    private boolean announced;

    private final String prefix;

    LoadStatus(int expected, String prefix) {
      this.expected = expected;
      this.prefix = prefix;
    }

    /**
     * Takes new statistics; returns the one-time announcement that every publisher is sending, or
     * null.
     */
    synchronized String update(List<TestPublisher> publishers, long nowNanos) {
      ticks++;
      double seconds = lastNanos == 0 ? 0 : (nowNanos - lastNanos) / 1e9;
      lastNanos = nowNanos;
      for (int i = 0; i < publishers.size(); i++) {
        PublisherStats s = publishers.get(i).stats();
        if (i >= last.size()) {
          last.add(s);
          lastPackets.add(0L);
          everSent.add(false);
          packetRate.add(0.0);
          names.add(prefix + (i + 1));
        }
        long before = lastPackets.get(i);
        packetRate.set(i, seconds > 0 ? Math.max(0, s.rtpPacketsSent() - before) / seconds : 0.0);
        lastPackets.set(i, s.rtpPacketsSent());
        last.set(i, s);
        if (s.videoFramesSent() > 0) {
          everSent.set(i, true);
        }
      }
      if (!announced && publishers.size() == expected && allEverSent()) {
        announced = true;
        return "All " + expected + " publishers sending media";
      }
      return null;
    }

    synchronized long ticks() {
      return ticks;
    }

    synchronized boolean allEverSent() {
      return everSent.size() == expected && !everSent.contains(false);
    }

    synchronized long neverSent() {
      return expected - everSent.stream().filter(b -> b).count();
    }

    synchronized long failed() {
      return last.stream().filter(s -> s.state() == PublisherStats.ConnectionState.FAILED).count();
    }

    /** One line for all and one per publisher. */
    synchronized List<String> plainLines() {
      List<String> out = new ArrayList<>();
      out.add(overview());
      for (int i = 0; i < last.size(); i++) {
        out.add("  " + row(i));
      }
      return out;
    }

    synchronized List<String> table(int width) {
      List<String> out = new ArrayList<>();
      out.add(cut(overview(), width));
      out.add(
          cut(
              String.format(
                  Locale.ROOT,
                  HEADER,
                  "STREAM",
                  "STATE",
                  "FRAMES",
                  "PKT/S",
                  "NACKED",
                  "RTX",
                  "PLI",
                  "FIR",
                  "DTLS"),
              width));
      for (int i = 0; i < last.size(); i++) {
        out.add(cut(row(i), width));
      }
      return out;
    }

    static final String HEADER = "%-12s %-10s %8s %6s %7s %6s %4s %4s %s";

    private String row(int i) {
      PublisherStats s = last.get(i);
      return String.format(
          Locale.ROOT,
          HEADER,
          names.get(i),
          s.state(),
          s.videoFramesSent(),
          rate(packetRate.get(i)),
          s.nackedPackets(),
          s.retransmitted(),
          s.plisReceived(),
          s.firsReceived(),
          s.srtpProfile().isEmpty() ? "-" : s.dtlsRole() + " " + s.srtpProfile());
    }

    private String overview() {
      long sending = 0;
      long failed = 0;
      double pps = 0;
      for (int i = 0; i < last.size(); i++) {
        PublisherStats s = last.get(i);
        if (s.state() == PublisherStats.ConnectionState.CONNECTED && packetRate.get(i) > 0) {
          sending++;
        }
        if (s.state() == PublisherStats.ConnectionState.FAILED) {
          failed++;
        }
        pps += packetRate.get(i);
      }
      return String.format(
          Locale.ROOT,
          "Publishers: %d/%d sending, %d started, %d failed; %s RTP packets/s in all",
          sending,
          expected,
          last.size(),
          failed,
          rate(pps));
    }

    /** The end-of-run summary: each publisher's final counters. */
    synchronized List<String> summary() {
      List<String> out = new ArrayList<>();
      out.add(
          "Load generator summary: "
              + everSent.stream().filter(b -> b).count()
              + " of "
              + expected
              + " publishers sent media, "
              + failed()
              + " failed");
      for (int i = 0; i < last.size(); i++) {
        PublisherStats s = last.get(i);
        out.add(
            String.format(
                Locale.ROOT,
                "  %s %s: %d video frames, %d audio packets, %d RTP packets, %d NACKed, %d"
                    + " retransmitted, %d PLIs, %d FIRs%s",
                names.get(i),
                s.state(),
                s.videoFramesSent(),
                s.audioPacketsSent(),
                s.rtpPacketsSent(),
                s.nackedPackets(),
                s.retransmitted(),
                s.plisReceived(),
                s.firsReceived(),
                s.failureReason() == null
                    ? ""
                    : " (" + EventLines.printable(s.failureReason()) + ")"));
      }
      return out;
    }

    private static String cut(String s, int width) {
      return s.length() <= width ? s : s.substring(0, width);
    }
  }
}
