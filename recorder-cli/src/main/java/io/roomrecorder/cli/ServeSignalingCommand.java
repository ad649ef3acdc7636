package io.roomrecorder.cli;

import io.roomrecorder.signaling.server.HandshakeServer;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code room-recorder serve-signaling}: runs our VDO.Ninja-compatible handshake server ({@link
 * HandshakeServer}) until Ctrl+C, and prints the URLs to give to the recorder and to the VDO.Ninja
 * app ({@code &wss2=}). {@link #stop()} may be called from any thread.
 */
@Command(
    name = "serve-signaling",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a self-hosted VDO.Ninja handshake (signaling) server until Ctrl+C.",
      "The VDO.Ninja web app uses it with &wss2=wss://HOST:PORT, which needs --tls-cert/--tls-key"
          + " (the app forces wss://)."
    },
    footer = ExitCode.HELP_FOOTER)
final class ServeSignalingCommand implements Callable<Integer> {
  private final CliContext ctx;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile HandshakeServer server;
  private final CountDownLatch started = new CountDownLatch(1);

  @Option(names = "--port", paramLabel = "P", description = "TCP port (default: 8443; 0: any).")
  int port = 8443;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description = "Address to listen on (default: 0.0.0.0, every interface).")
  String bind = "0.0.0.0";

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain; serves wss:// (with --tls-key).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8).")
  Path tlsKey;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationFlag.class,
      description = "Stop after this long (default: until Ctrl+C).")
  Duration duration;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "ERROR … TRACE (default INFO).")
  LoggingSetup.LogLevel logLevel = LoggingSetup.LogLevel.INFO;

  ServeSignalingCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if ((tlsCert == null) != (tlsKey == null)) {
      ctx.err().println("room-recorder serve-signaling: --tls-cert and --tls-key go together");
      return ExitCode.USAGE;
    }
    if (port < 0 || port > 65535) {
      ctx.err().println("room-recorder serve-signaling: --port must be 0–65535");
      return ExitCode.USAGE;
    }
    if (ctx.process()) {
      LoggingSetup.configure(logLevel);
    }
    HandshakeServer.Tls tls = tlsCert == null ? null : new HandshakeServer.Tls(tlsCert, tlsKey);
    try {
      server = HandshakeServer.start(bind, port, tls);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      ctx.err().println("room-recorder serve-signaling: " + RecordingSession.message(e));
      return ExitCode.FAILURE;
    }
    Thread hook = null;
    try {
      if (ctx.process()) {
        HandshakeServer s = server;
        hook = new Thread(s::close, "signaling-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Interrupts.install(code -> stop(), ctx.err());
      }
      for (String line : instructions(server, tls != null)) {
        ctx.out().println(line);
      }
      ctx.out().flush();
      started.countDown();
      try {
        if (duration == null) {
          stop.await();
        } else {
          stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      HandshakeServer.Stats stats = server.stats();
      server.close();
      ctx.out()
          .printf(
              "Handshake server stopped: %d connections served, %d messages relayed, %d dropped%n",
              stats.totalConnections(),
              stats.relayed(),
              stats.dropped().values().stream().mapToLong(Long::longValue).sum());
      ctx.out().flush();
      return ExitCode.OK;
    } finally {
      server.close();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook closes the server (close is idempotent)
        }
      }
    }
  }

  /** Stops the server (the command then returns 0). */
  void stop() {
    stop.countDown();
  }

  /** The running server once listening, waiting up to {@code timeout}; null if not started. */
  HandshakeServer awaitServer(Duration timeout) throws InterruptedException {
    started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return server;
  }

  /** What to tell the user: where we listen, and how the recorder and the VDO.Ninja app connect. */
  static List<String> instructions(HandshakeServer server, boolean tls) {
    String scheme = tls ? "wss://" : "ws://";
    List<String> hosts = new ArrayList<>();
    InetAddress bound = server.address().getAddress();
    if (bound.isAnyLocalAddress()) {
      hosts.addAll(localAddresses());
      hosts.add("127.0.0.1");
    } else {
      String h = bound.getHostAddress();
      hosts.add(h.contains(":") ? "[" + h + "]" : h);
    }
    List<String> lines = new ArrayList<>();
    lines.add("Handshake server listening on " + server.url());
    for (String h : hosts) {
      lines.add("  URL: " + scheme + h + ":" + server.port());
    }
    String example = scheme + hosts.get(0) + ":" + server.port();
    lines.add(
        "  Record from it: room-recorder --server "
            + example
            + " --room ROOM --record-room"
            + (tls ? " (add --insecure-signaling for a self-signed certificate)" : ""));
    lines.add(
        "  VDO.Ninja app:  https://vdo.ninja/?push=cam1&room=ROOM&wss2=wss://"
            + hosts.get(0)
            + ":"
            + server.port()
            + (tls
                ? ""
                : "   (the app forces wss://: start this server with --tls-cert/--tls-key"
                    + " for browsers)"));
    lines.add("Press Ctrl+C to stop.");
    return lines;
  }

  private static List<String> localAddresses() {
    List<String> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
            out.add(a.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      // no interface list: 127.0.0.1 is still shown
    }
    return out;
  }
}
