package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.signaling.server.HandshakeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve-signaling} on a free loopback port, used by a real WebSocket client. */
class ServeSignalingCommandTest {

  @Test
  void servesAWebSocketClientAndStopsCleanly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx =
        new CliContext(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false,
            null,
            Clock.systemUTC());
    ServeSignalingCommand command = new ServeSignalingCommand(ctx);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          runner.submit(
              () -> new CommandLine(command).execute("--port", "0", "--bind", "127.0.0.1"));
      HandshakeServer server = command.awaitServer(Duration.ofSeconds(10));
      assertThat(server).as("server started; stderr: %s", err).isNotNull();
      String url = "ws://127.0.0.1:" + server.port();

      LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(url), new Collector(received))
              .get(10, TimeUnit.SECONDS);
      ws.sendText("{\"request\":\"joinroom\",\"roomid\":\"testroom\"}", true)
          .get(5, TimeUnit.SECONDS);
      String reply = received.poll(10, TimeUnit.SECONDS);

      assertThat(reply).as("the server answers a joinroom").isNotNull();
      JsonNode node = new ObjectMapper().readTree(reply);
      assertThat(node.get("request").asText()).isEqualTo("listing");
      assertThat(node.get("list").isArray()).isTrue();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("Handshake server listening on " + url)
          .contains("--server " + url + " --room ROOM --record-room")
          .contains("&wss2=wss://127.0.0.1:" + server.port())
          .contains("--tls-cert/--tls-key");

      ws.abort();
      command.stop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("Handshake server stopped: 1 connections served");
      java.net.Socket probe = new java.net.Socket();
      assertThat(
              org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      probe.connect(
                          new java.net.InetSocketAddress("127.0.0.1", server.port()), 2000)))
          .as("nothing listens after stop")
          .isNotNull();
      probe.close();
    } finally {
      command.stop();
      runner.shutdownNow();
    }
  }

  @Test
  void aTlsCertificateWithoutKeyIsAUsageError() {
    CliRun run = CliRun.run("serve-signaling", "--port", "0", "--tls-cert", "cert.pem");

    assertThat(run.exitCode).isEqualTo(ExitCode.USAGE);
    assertThat(run.err).contains("--tls-cert and --tls-key go together");
  }

  @Test
  void unreadableTlsFilesAreAFailureWithoutAStackTrace() {
    CliRun run =
        CliRun.run(
            "serve-signaling",
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--tls-cert",
            "/nonexistent/cert.pem",
            "--tls-key",
            "/nonexistent/key.pem");

    assertThat(run.exitCode).isEqualTo(ExitCode.FAILURE);
    assertThat(run.err).contains("not readable").doesNotContain("\tat ");
  }

  /** Collects text messages (whole ones) into a queue. */
  private static final class Collector implements WebSocket.Listener {
    private final LinkedBlockingQueue<String> queue;
    private final StringBuilder partial = new StringBuilder();

    Collector(LinkedBlockingQueue<String> queue) {
      this.queue = queue;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        queue.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
