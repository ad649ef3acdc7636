package io.roomrecorder.cli.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Chromium or Firefox ESR showing one test page, with its {@code RRPUB}/{@code RRVIEW}
 * console lines parsed into {@link ConsoleEvent}s. Each browser gets a fresh profile directory;
 * {@link #close()} kills the whole process tree and deletes the profile.
 *
 * <p>Browsers start only when {@link NetworkIsolation#requireOnlyLoopback()} passes, i.e. inside
 * the test network namespace. Executables: system properties {@code rr.chromium} (default {@code
 * /usr/bin/chromium}) and {@code rr.firefox} (default {@code firefox-esr}). {@code rr.mozLog} is
 * passed to Firefox as {@code MOZ_LOG} (e.g. {@code signaling:5,mtransport:5,nicer:5,sync}), with
 * the log in the profile folder's parent.
 *
 * <p>Thread-safe: output readers run on their own threads; the await methods may be called from any
 * thread.
 */
public final class Browser implements AutoCloseable {

  /** Which browser. */
  public enum Kind {
    CHROMIUM,
    FIREFOX
  }

  private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
  private static final int TAIL_LINES = 300;

  /** Browsers launched and not yet closed, for failure messages that show every side. */
  private static final Set<Browser> LIVE = ConcurrentHashMap.newKeySet();

  /** Chromium flags: headless, offline, fake devices, loopback ICE candidates with real IPs. */
  static final List<String> CHROMIUM_FLAGS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection",
          "--disable-features=WebRtcHideLocalIpsWithMdns",
          "--autoplay-policy=no-user-gesture-required",
          "--enable-logging=stderr",
          "--v=0");

  /** Firefox prefs written to the fresh profile's user.js. */
  static final Map<String, Object> FIREFOX_PREFS =
      Map.ofEntries(
          // fake camera/microphone, no permission prompt
          Map.entry("media.navigator.streams.fake", true),
          Map.entry("media.navigator.permission.disabled", true),
          // ICE: loopback candidates with real addresses
          Map.entry("media.peerconnection.ice.loopback", true),
          Map.entry("media.peerconnection.ice.obfuscate_host_addresses", false),
          // console.log to stdout, where the harness reads it
          Map.entry("devtools.console.stdout.content", true),
          // nothing phones home (the namespace has no route out anyway)
          Map.entry("app.update.enabled", false),
          Map.entry("app.update.auto", false),
          Map.entry("app.update.disabledForTesting", true),
          Map.entry("app.normandy.enabled", false),
          Map.entry("toolkit.telemetry.enabled", false),
          Map.entry("toolkit.telemetry.unified", false),
          Map.entry("toolkit.telemetry.server", ""),
          Map.entry("datareporting.healthreport.uploadEnabled", false),
          Map.entry("datareporting.policy.dataSubmissionEnabled", false),
          Map.entry("browser.safebrowsing.malware.enabled", false),
          Map.entry("browser.safebrowsing.phishing.enabled", false),
          Map.entry("browser.safebrowsing.downloads.enabled", false),
          Map.entry("browser.safebrowsing.blockedURIs.enabled", false),
          Map.entry("browser.safebrowsing.provider.mozilla.updateURL", ""),
          Map.entry("browser.safebrowsing.provider.google4.updateURL", ""),
          Map.entry("media.gmp-manager.updateEnabled", false),
          Map.entry("media.gmp-manager.url", ""),
          Map.entry("media.gmp-gmpopenh264.autoupdate", false),
          Map.entry("media.gmp-widevinecdm.autoupdate", false),
          Map.entry("extensions.update.enabled", false),
          Map.entry("extensions.getAddons.cache.enabled", false),
          Map.entry("network.captive-portal-service.enabled", false),
          Map.entry("network.connectivity-service.enabled", false),
          Map.entry("browser.shell.checkDefaultBrowser", false),
          Map.entry("browser.startup.homepage_override.mstone", "ignore"),
          Map.entry("startup.homepage_welcome_url", ""),
          Map.entry("datareporting.policy.firstRunURL", ""),
          Map.entry("browser.aboutwelcome.enabled", false),
          Map.entry("media.autoplay.default", 0));

  private final Kind kind;
  private final String name;
  private final Process process;
  private final Path profile;
  private final List<ConsoleEvent> events = new ArrayList<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private final List<Thread> readers = new ArrayList<>();
  private boolean closed;

  private Browser(Kind kind, String name, Process process, Path profile) {
    this.kind = kind;
    this.name = name;
    this.process = process;
    this.profile = profile;
  }

  /**
   * Starts the browser on a page.
   *
   * @param name a short label for logs, e.g. "publisher"
   */
  public static Browser launch(Kind kind, String name, URI page) throws IOException {
    return launch(kind, name, page, List.of());
  }

  /**
   * Starts the browser on a page with extra Chromium flags (ignored for Firefox), e.g. {@code
   * --use-file-for-fake-video-capture=clip.y4m} for a camera whose picture costs real bits.
   */
  public static Browser launch(Kind kind, String name, URI page, List<String> extraChromiumFlags)
      throws IOException {
    NetworkIsolation.requireOnlyLoopback();
    Path profile = Files.createTempDirectory("rr-" + kind.name().toLowerCase() + "-");
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    if (kind == Kind.CHROMIUM) {
      command.add(System.getProperty("rr.chromium", "/usr/bin/chromium"));
      command.addAll(CHROMIUM_FLAGS);
      command.addAll(extraChromiumFlags);
      command.add("--user-data-dir=" + profile);
    } else {
      Files.writeString(profile.resolve("user.js"), userJs(), StandardCharsets.UTF_8);
      command.add(System.getProperty("rr.firefox", "firefox-esr"));
      command.addAll(List.of("--headless", "--no-remote", "--profile", profile.toString()));
      builder.environment().put("MOZ_HEADLESS", "1");
      String mozLog = System.getProperty("rr.mozLog");
      if (mozLog != null && !mozLog.isBlank()) {
        builder.environment().put("MOZ_LOG", mozLog);
        builder.environment().put("MOZ_LOG_FILE", profile + "-moz.log");
      }
    }
    command.add(page.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    Browser browser = new Browser(kind, name, process, profile);
    LIVE.add(browser);
    LOG.info("[{}] {} pid {} on {}", name, kind, process.pid(), page);
    browser.read(process.getInputStream(), "stdout");
    browser.read(process.getErrorStream(), "stderr");
    return browser;
  }

  static String userJs() {
    StringBuilder js = new StringBuilder();
    FIREFOX_PREFS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Object v = e.getValue();
              String value = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
              js.append("user_pref(\"").append(e.getKey()).append("\", ").append(value);
              js.append(");\n");
            });
    return js.toString();
  }

  private void read(InputStream stream, String which) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  onLine(line);
                }
              } catch (IOException e) {
                LOG.debug("[{}] {} closed: {}", name, which, e.toString());
              }
              synchronized (this) {
                notifyAll();
              }
            },
            "browser-" + name + "-" + which);
    t.setDaemon(true);
    t.start();
    readers.add(t);
  }

  private void onLine(String line) {
    var event = ConsoleEvent.parse(line);
    synchronized (this) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
      event.ifPresent(events::add);
      notifyAll();
    }
    if (event.isPresent()) {
      LOG.info("[{}] {}", name, event.get());
    } else {
      LOG.debug("[{}] {}", name, line);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** A snapshot of the events so far. */
  public synchronized List<ConsoleEvent> events() {
    return List.copyOf(events);
  }

  /** Events so far with this name. */
  public synchronized List<ConsoleEvent> events(String event) {
    return events.stream().filter(e -> e.event().equals(event)).toList();
  }

  /** The last output lines (all lines, not only events), for failure messages. */
  public synchronized String tail() {
    return String.join("\n", tail);
  }

  /**
   * Waits for the first event with this name that matches the condition (earlier events count).
   *
   * @throws AssertionError on timeout or when the browser exits first, with the output's tail
   */
  public ConsoleEvent await(String event, Predicate<ConsoleEvent> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String why;
    List<String> seen;
    String lastOutput;
    synchronized (this) {
      while (true) {
        for (ConsoleEvent e : events) {
          if (e.event().equals(event) && condition.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          why = process.isAlive() ? "timed out after " + timeout : "browser exited";
          seen = events.stream().map(ConsoleEvent::event).distinct().toList();
          lastOutput = String.join("\n", tail);
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
      }
    }
    // Outside our lock: the other browsers' events, so a failure says which side stopped.
    StringBuilder others = new StringBuilder();
    for (Browser other : LIVE) {
      if (other != this) {
        others.append("; ").append(other.name).append(" events: ");
        others.append(other.events().stream().map(ConsoleEvent::event).distinct().toList());
      }
    }
    throw new AssertionError(
        "["
            + name
            + "] "
            + why
            + " waiting for "
            + event
            + "; events: "
            + seen
            + others
            + "\n--- last output ---\n"
            + lastOutput);
  }

  /** Waits for the first event with this name. */
  public ConsoleEvent await(String event, Duration timeout) throws InterruptedException {
    return await(event, e -> true, timeout);
  }

  /** Kills the browser and all its child processes, then deletes the profile. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    LIVE.remove(this);
    // Snapshot first: Chromium's zygote and renderers are re-parented once the root is gone.
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        LOG.warn("[{}] pid {} did not exit after SIGKILL", name, process.pid());
      }
      for (ProcessHandle child : tree) {
        child.onExit().get(5, TimeUnit.SECONDS);
      }
      for (Thread reader : readers) {
        reader.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("[{}] waiting for child processes: {}", name, e.toString());
    }
    deleteRecursively(profile);
    LOG.info("[{}] {} closed ({} processes)", name, kind, tree.size() + 1);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
