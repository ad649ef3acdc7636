package io.roomrecorder.cli.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the test pages (classpath folder {@code /browser/}) on {@code http://127.0.0.1:<port>/} —
 * a secure context, so getUserMedia and WebCrypto work without TLS. Only GET of a fixed set of file
 * names; anything else is 404.
 *
 * <p>Thread-safe; {@link #close()} stops the server.
 */
public final class TestPageServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TestPageServer.class);
  private static final Map<String, String> FILES =
      Map.of(
          "/publisher.html", "text/html; charset=utf-8",
          "/viewer.html", "text/html; charset=utf-8",
          "/publisher.js", "text/javascript; charset=utf-8",
          "/viewer.js", "text/javascript; charset=utf-8",
          "/common.js", "text/javascript; charset=utf-8");

  private final HttpServer server;
  private final ExecutorService executor;

  private TestPageServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on 127.0.0.1 and an ephemeral port. */
  public static TestPageServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "test-page-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", TestPageServer::handle);
    server.start();
    TestPageServer pages = new TestPageServer(server, executor);
    LOG.info("test pages on {}", pages.base());
    return pages;
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String type = FILES.get(path);
      if (!"GET".equals(exchange.getRequestMethod()) || type == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in = TestPageServer.class.getResourceAsStream("/browser" + path)) {
        if (in == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        body = in.readAllBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The URL of a page with query parameters (in the given order, URL-encoded). */
  public URI page(String name, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&");
    query.forEach(
        (k, v) ->
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + (v == null ? "" : "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
    return URI.create(base() + "/" + name + (q.length() == 0 ? "" : "?" + q));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
