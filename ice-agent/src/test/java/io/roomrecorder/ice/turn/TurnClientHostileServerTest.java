package io.roomrecorder.ice.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.ice.IceServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TURN client facing a hostile or broken server on 127.0.0.1: garbage, truncated and mutated
 * answers, lost stream framing, forged success responses. Every case must end in a clear {@link
 * IOException} from {@code allocate()} within the timeout, never an unchecked exception or a hang.
 */
class TurnClientHostileServerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(800);
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
  }

  /** A UDP "server" answering each request with whatever {@code answer} makes of it. */
  private static Thread udpServer(
      DatagramSocket socket, BiFunction<StunMessage, Integer, byte[]> answer) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              int n = 0;
              while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                  socket.receive(p);
                } catch (IOException e) {
                  return;
                }
                StunMessage request = StunMessage.decode(buf, 0, p.getLength());
                byte[] out = answer.apply(request, n++);
                if (out != null) {
                  try {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                  } catch (IOException e) {
                    return;
                  }
                }
              }
            },
            "hostile-turn-udp");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static TurnClient client(String url) {
    return new TurnClient(
        IceServer.parse(url, "user", "pass"), null, timer, TIMEOUT, (p, b, o, l) -> {});
  }

  @ParameterizedTest(name = "a UDP server answering with {0} fails the allocation cleanly")
  @ValueSource(
      strings = {
        "random bytes",
        "truncated responses",
        "mutated responses",
        "success without relayed address",
        "wrong transaction id"
      })
  void hostileUdpAnswersFailTheAllocationCleanly(String kind) throws Exception {
    Random r = new Random(kind.hashCode());
    try (DatagramSocket server =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      udpServer(
          server,
          (req, n) -> {
            if (req == null) {
              return null;
            }
            byte[] ok =
                StunMessage.create(StunMessage.ALLOCATE, StunMessage.SUCCESS, req.transactionId())
                    .addXorAddress(
                        StunMessage.ATTR_XOR_MAPPED_ADDRESS,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 1234))
                    .encode(null, true);
            switch (kind) {
              case "random bytes" -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                return b;
              }
              case "truncated responses" -> {
                return java.util.Arrays.copyOf(ok, r.nextInt(ok.length));
              }
              case "mutated responses" -> {
                for (int k = 0; k < 3; k++) {
                  ok[20 + r.nextInt(ok.length - 20)] = (byte) r.nextInt(256);
                }
                return ok;
              }
              case "wrong transaction id" -> {
                byte[] tx = req.transactionId();
                tx[0] ^= 1;
                return StunMessage.create(StunMessage.ALLOCATE, StunMessage.SUCCESS, tx)
                    .encode(null, true);
              }
              default -> {
                return ok; // success, but no XOR-RELAYED-ADDRESS
              }
            }
          });
      try (TurnClient c = client("turn:127.0.0.1:" + server.getLocalPort() + "?transport=udp")) {
        assertThatThrownBy(c::allocate).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aForgedSuccessWithABadMessageIntegrityIsRejected() throws Exception {
    try (DatagramSocket server =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      udpServer(
          server,
          (req, n) -> {
            if (req == null) {
              return null;
            }
            if (!req.hasIntegrity()) {
              return StunMessage.create(
                      StunMessage.ALLOCATE, StunMessage.ERROR, req.transactionId())
                  .add(StunMessage.ATTR_ERROR_CODE, new byte[] {0, 0, 4, 1})
                  .addString(StunMessage.ATTR_REALM, "evil")
                  .addString(StunMessage.ATTR_NONCE, "n0nce")
                  .encode(null, true);
            }
            // Signed with a key that is not the user's: an attacker without the password.
            return StunMessage.create(
                    StunMessage.ALLOCATE, StunMessage.SUCCESS, req.transactionId())
                .addXorAddress(
                    StunMessage.ATTR_XOR_RELAYED_ADDRESS,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 4242))
                .encode(StunMessage.longTermKey("user", "evil", "guess"), true);
          });
      try (TurnClient c = client("turn:127.0.0.1:" + server.getLocalPort() + "?transport=udp")) {
        assertThatThrownBy(c::allocate)
            .isInstanceOf(TurnException.class)
            .hasMessageContaining("MESSAGE-INTEGRITY");
        assertThat(c.relayedAddress()).isNull();
      }
    }
  }

  @ParameterizedTest(
      name = "a TCP server sending {0} ends the connection and fails the allocation cleanly")
  @ValueSource(
      strings = {
        "bytes that are neither STUN nor ChannelData",
        "a huge STUN length then silence",
        "an immediate close"
      })
  void brokenStreamFramingFailsCleanly(String kind) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  new DataInputStream(s.getInputStream()).readFully(new byte[20]);
                  OutputStream out = s.getOutputStream();
                  switch (kind) {
                    case "bytes that are neither STUN nor ChannelData" ->
                        out.write(new byte[] {(byte) 0xC0, 1, 2, 3, 4, 5, 6, 7});
                    case "a huge STUN length then silence" -> {
                      out.write(
                          new byte[] {
                            0x01, 0x03, (byte) 0xFF, (byte) 0xFC, 0x21, 0x12, (byte) 0xA4, 0x42
                          });
                      Thread.sleep(TIMEOUT.toMillis() * 4);
                    }
                    default -> {}
                  }
                  out.flush();
                } catch (IOException | InterruptedException e) {
                  // client gave up: fine
                }
              },
              "hostile-turn-tcp");
      t.setDaemon(true);
      t.start();
      TurnClient c = client("turn:127.0.0.1:" + server.getLocalPort() + "?transport=tcp");
      try (c) {
        assertThatThrownBy(c::allocate)
            .isInstanceOf(IOException.class)
            .hasMessageContaining(
                kind.startsWith("bytes")
                    ? "framing error"
                    : kind.startsWith("an immediate") ? "closed by the server" : "no response");
      }
      assertThat(c.isClosed()).isTrue();
    }
  }
}
