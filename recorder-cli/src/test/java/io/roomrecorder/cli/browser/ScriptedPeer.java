package io.roomrecorder.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A websocket client driven step by step by a test, to check what a test page puts on the wire and
 * how it reacts to crafted (wrong-session, wrong-type, encrypted) messages. JDK websocket, JSON via
 * Jackson.
 *
 * <p>Thread-safe: received messages are collected on the websocket's thread; the await and send
 * methods may be called from any thread.
 */
public final class ScriptedPeer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> received = new ArrayList<>();
  private final WebSocket socket;

  private ScriptedPeer(URI server) throws InterruptedException {
    StringBuilder partial = new StringBuilder();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              onMessage(partial.toString());
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }
        };
    try {
      this.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(server, listener)
              .get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot connect to " + server, e);
    }
  }

  /** Connects to a handshake server ({@code ws://…}). */
  public static ScriptedPeer connect(String url) throws InterruptedException {
    return new ScriptedPeer(URI.create(url));
  }

  private void onMessage(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      node = JSON.getNodeFactory().textNode(text);
    }
    synchronized (this) {
      received.add(node);
      notifyAll();
    }
  }

  /** A new empty JSON object to fill and {@link #send}. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Parses JSON text (e.g. a decrypted payload). */
  public static JsonNode parse(String text) throws IOException {
    return JSON.readTree(text);
  }

  /** Serializes a JSON value the way the pages do (compact). */
  public static String write(JsonNode node) {
    return node.toString();
  }

  /** Sends one text message and waits until it is handed to the socket. */
  public void send(JsonNode message) throws Exception {
    socket.sendText(message.toString(), true).get(5, TimeUnit.SECONDS);
  }

  /**
   * Waits for the first received message (earlier ones count) that matches.
   *
   * @throws AssertionError on timeout, listing what was received
   */
  public JsonNode await(String what, Predicate<JsonNode> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (JsonNode m : received) {
          if (condition.test(m)) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for " + what + "; received " + received);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
