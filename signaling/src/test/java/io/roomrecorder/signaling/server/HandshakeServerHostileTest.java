package io.roomrecorder.signaling.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.signaling.DropReason;
import io.roomrecorder.signaling.RawPeer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile clients: everything dropped and counted, the server keeps serving everyone else. */
class HandshakeServerHostileTest {

  HandshakeServer server;
  final List<RawPeer> peers = new ArrayList<>();

  void start(HandshakeServer.Options options) {
    server = HandshakeServer.start(options);
  }

  @AfterEach
  void stop() {
    peers.forEach(RawPeer::close);
    if (server != null) {
      server.close();
    }
  }

  RawPeer peer() {
    RawPeer p = RawPeer.connect(server.url());
    peers.add(p);
    return p;
  }

  void assertServerStillServes() {
    RawPeer fresh = peer();
    fresh.send("{\"request\":\"joinroom\",\"roomid\":\"still-alive\"}");
    fresh.nextRequest("listing");
  }

  @ParameterizedTest(name = "{1} is dropped as {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MALFORMED_JSON | not json at all",
        "MALFORMED_JSON | [\"an\",\"array\"]",
        "MALFORMED_JSON | {\"a\":1}{\"b\":2}",
        "MALFORMED_JSON | {\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        "WRONG_TYPE | {\"request\":42}",
        "WRONG_TYPE | {\"request\":\"joinroom\",\"roomid\":{}}",
        "WRONG_TYPE | {\"request\":\"joinroom\"}",
        "WRONG_TYPE | {\"request\":\"seed\",\"streamID\":[1]}",
        "WRONG_TYPE | {\"request\":\"play\",\"streamID\":\"\"}",
        "WRONG_TYPE | {\"UUID\":[],\"description\":{}}",
        "WRONG_TYPE | {\"from\":{\"x\":1},\"request\":\"seed\",\"streamID\":\"a\"}",
        "UNKNOWN_REQUEST | {\"request\":\"shutdownServer\"}",
        "UNKNOWN_REQUEST | {\"description\":{\"type\":\"offer\"}}",
        "NOT_FOR_US | {\"UUID\":\"nobody\",\"description\":{\"type\":\"offer\"}}"
      })
  void hostileMessagesAreDroppedAndCountedAndTheConnectionSurvives(DropReason reason, String text) {
    start(HandshakeServer.Options.of("127.0.0.1", 0, null));
    RawPeer bad = peer();
    bad.send(text);
    bad.send("{\"request\":\"joinroom\",\"roomid\":\"after\"}");
    bad.nextRequest("listing"); // the same connection still works
    assertThat(server.stats().dropped(reason)).isEqualTo(1);
    assertServerStillServes();
  }

  @Test
  void aMessageOverTheLimitIsDroppedAndOneOverTheFrameLimitClosesOnlyThatConnection() {
    start(HandshakeServer.Options.of("127.0.0.1", 0, null).withMaxMessageChars(4096));
    RawPeer big = peer();
    big.send("{\"x\":\"" + "a".repeat(5000) + "\"}");
    big.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    big.nextRequest("listing");
    assertThat(server.stats().dropped(DropReason.OVERSIZED)).isEqualTo(1);

    RawPeer huge = peer();
    try {
      huge.send("{\"x\":\"" + "a".repeat(100_000) + "\"}");
    } catch (RuntimeException closedWhileSending) {
      // the server may close as soon as it has read the frame header
    }
    assertThat(huge.awaitClosed()).isTrue();
    assertThat(server.stats().dropped(DropReason.OVERSIZED)).isEqualTo(2);
    assertServerStillServes();
  }

  @Test
  void binaryFramesAreDropped() {
    start(HandshakeServer.Options.of("127.0.0.1", 0, null));
    RawPeer p = peer();
    p.sendBinary(new byte[] {1, 2, 3});
    p.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    p.nextRequest("listing");
    assertThat(server.stats().dropped(DropReason.WRONG_TYPE)).isEqualTo(1);
  }

  @Test
  void aFloodIsRateLimitedAndAPersistentFlooderIsDisconnected() {
    start(
        HandshakeServer.Options.of("127.0.0.1", 0, null)
            .withRateLimit(10, 20)
            .withFloodCloseAfter(200));
    RawPeer flooder = peer();
    RawPeer bystander = peer();
    bystander.send("{\"request\":\"joinroom\",\"roomid\":\"calm\"}");
    bystander.nextRequest("listing");
    for (int i = 0; i < 300 && !flooder.closedYet(); i++) {
      try {
        flooder.send("{\"request\":\"ping\"}");
      } catch (RuntimeException closedMeanwhile) {
        break;
      }
    }
    assertThat(flooder.awaitClosed()).isTrue();
    assertThat(server.stats().dropped(DropReason.RATE_LIMITED)).isGreaterThan(200);
    // The bystander's connection is untouched.
    bystander.send("{\"request\":\"seed\",\"streamID\":\"calm1\"}");
    RawPeer viewer = peer();
    viewer.send("{\"request\":\"play\",\"streamID\":\"calm1\"}");
    viewer.send("{\"request\":\"joinroom\",\"roomid\":\"calm\"}");
    viewer.nextRequest("listing");
    // Counted once the viewer is surely registered (its listing came back): bystander + viewer.
    assertThat(server.stats().connections()).isEqualTo(2);
  }

  @Test
  void randomAndMutatedMessagesOverTheWireNeverBreakTheServer() {
    start(HandshakeServer.Options.of("127.0.0.1", 0, null).withRateLimit(1e6, 1e6));
    Random r = new Random(2024);
    String[] seeds = {
      "{\"request\":\"joinroom\",\"roomid\":\"r\",\"streamID\":\"s\"}",
      "{\"request\":\"play\",\"streamID\":\"s\",\"UUID\":\"x\"}",
      "{\"UUID\":\"x\",\"session\":\"s\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}",
      "{\"request\":\"seed\",\"streamID\":\"s\",\"from\":\"1\"}"
    };
    RawPeer fuzzer = peer();
    for (int i = 0; i < 3000; i++) {
      char[] c = seeds[r.nextInt(seeds.length)].toCharArray();
      for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
        c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
      }
      fuzzer.send(new String(c, 0, 1 + r.nextInt(c.length)));
    }
    byte[] junk = new byte[100];
    for (int i = 0; i < 200; i++) {
      r.nextBytes(junk);
      fuzzer.send(new String(junk, StandardCharsets.ISO_8859_1));
    }
    fuzzer.send("{\"request\":\"joinroom\",\"roomid\":\"final\"}");
    fuzzer.nextRequest("listing");
    assertThat(server.stats().received()).isGreaterThanOrEqualTo(3201);
    assertServerStillServes();
  }

  @Test
  void aSocketThatNeverUpgradesIsClosed() throws Exception {
    start(HandshakeServer.Options.of("127.0.0.1", 0, null).withUpgradeTimeoutMs(300));
    try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port())) {
      idle.setSoTimeout(RawPeer.TIMEOUT_MS_FOR_SOCKETS);
      assertThat(idle.getInputStream().read()).isEqualTo(-1); // closed by the server
    }
    assertThat(server.stats().dropped(DropReason.EXPIRED)).isEqualTo(1);
    assertServerStillServes();
  }
}
