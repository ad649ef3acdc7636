package io.roomrecorder.cli.browser;

import io.roomrecorder.signaling.server.HandshakeServer;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every browser test needs: our {@link HandshakeServer} on {@code ws://127.0.0.1:<port>} and
 * the {@link TestPageServer}, started only inside the test network namespace. Builds page URLs that
 * point the pages at the handshake server.
 *
 * <p>Thread-safe; {@link #close()} stops both servers.
 */
public final class BrowserTestRig implements AutoCloseable {

  private final HandshakeServer signaling;
  private final TestPageServer pages;

  private BrowserTestRig(HandshakeServer signaling, TestPageServer pages) {
    this.signaling = signaling;
    this.pages = pages;
  }

  /**
   * Starts both servers on 127.0.0.1.
   *
   * @throws IllegalStateException outside the test network namespace
   */
  public static BrowserTestRig start() throws IOException {
    NetworkIsolation.requireOnlyLoopback();
    HandshakeServer signaling = HandshakeServer.start("127.0.0.1", 0, null);
    try {
      return new BrowserTestRig(signaling, TestPageServer.start());
    } catch (IOException | RuntimeException e) {
      signaling.close();
      throw e;
    }
  }

  public HandshakeServer signaling() {
    return signaling;
  }

  /**
   * A page URL with {@code ws} set to the handshake server, then the given parameters in order.
   *
   * @param page "publisher.html" or "viewer.html"
   * @param params query parameters (a null value gives a bare flag such as {@code &nopassword})
   */
  public URI page(String page, Map<String, String> params) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("ws", signaling.url());
    query.putAll(params);
    return pages.page(page, query);
  }

  @Override
  public void close() {
    pages.close();
    signaling.close();
  }
}
