package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A scripted websocket peer built on the JDK's own client (independent of our Netty code): the fake
 * publisher of the integration tests.
 */
public final class RawPeer implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(10);
  public static final int TIMEOUT_MS_FOR_SOCKETS = (int) TIMEOUT.toMillis();

  final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  final WebSocket ws;

  private RawPeer(String url, SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    StringBuilder partial = new StringBuilder();
    this.ws =
        b.build()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      inbox.add(partial.toString());
                      partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                    closed.complete(status);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket w, Throwable error) {
                    closed.complete(-1);
                  }
                })
            .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  public static RawPeer connect(String url) {
    return new RawPeer(url, null);
  }

  public static RawPeer connect(String url, SSLContext ssl) {
    return new RawPeer(url, ssl);
  }

  public void send(String text) {
    ws.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public void sendBinary(byte[] data) {
    ws.sendBinary(ByteBuffer.wrap(data), true)
        .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** The next message that matches, skipping others; fails after {@link #TIMEOUT}. */
  public JsonNode next(Predicate<JsonNode> match, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String text;
      try {
        text = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (text == null) {
        return fail("no " + what + " within " + TIMEOUT);
      }
      JsonNode n = Harness.parse(text);
      if (match.test(n)) {
        return n;
      }
    }
  }

  /** The next message with this {@code request}. */
  public JsonNode nextRequest(String request) {
    return next(n -> request.equals(n.path("request").asText(null)), "request " + request);
  }

  /** Nothing arrives within {@code ms} (returns what did arrive, or null). */
  public String quietFor(long ms) throws InterruptedException {
    return inbox.poll(ms, TimeUnit.MILLISECONDS);
  }

  public boolean closedYet() {
    return closed.isDone() || ws.isInputClosed() || ws.isOutputClosed();
  }

  public boolean awaitClosed() {
    try {
      closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      ws.abort();
    }
  }
}
