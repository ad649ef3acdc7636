package io.roomrecorder.ice.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.ice.IceServer;
import io.roomrecorder.ice.testing.AgentPair;
import io.roomrecorder.ice.testing.Coturn;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TURN client alone against a real coturn on 127.0.0.1. */
class TurnClientTest {
  private static Coturn turn;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() throws Exception {
    turn = Coturn.start();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    turn.close();
  }

  private static String url(String transport) {
    return switch (transport) {
      case "udp" -> turn.udpUrl();
      case "tcp" -> turn.tcpUrl();
      default -> turn.tlsUrl();
    };
  }

  private record Received(InetSocketAddress peer, String text) {}

  private static TurnClient client(String transport, LinkedBlockingQueue<Received> inbox) {
    return new TurnClient(
        IceServer.parse(url(transport), turn.username(), turn.password()),
        turn.clientTlsContext(),
        timer,
        Duration.ofSeconds(3),
        (peer, b, o, l) ->
            inbox.add(new Received(peer, new String(b, o, l, StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(
      name =
          "two allocations over {0} exchange data, first by Send/Data indications, then by ChannelData")
  @ValueSource(strings = {"udp", "tcp", "tls"})
  void twoAllocationsExchangeDataThroughTheRelay(String transport) throws Exception {
    LinkedBlockingQueue<Received> inboxA = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Received> inboxB = new LinkedBlockingQueue<>();
    try (TurnClient a = client(transport, inboxA);
        TurnClient b = client(transport, inboxB)) {
      a.allocate();
      b.allocate();
      assertThat(a.relayedAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(a.mappedAddress()).isNotNull();
      b.permit(a.relayedAddress().getAddress());
      a.permit(b.relayedAddress().getAddress());
      // Until the permissions are installed the server drops data: resend like ICE would.
      boolean delivered =
          AgentPair.await(
              () -> {
                try {
                  a.send(b.relayedAddress(), "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
                  return inboxB.poll(50, TimeUnit.MILLISECONDS) != null;
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              },
              Duration.ofSeconds(5));
      assertThat(delivered).isTrue();
      inboxB.clear();
      // Odd lengths: over TCP/TLS ChannelData is padded to 4 and must be unpadded on receipt.
      for (int len = 1; len <= 7; len++) {
        String msg = "x".repeat(len);
        byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
        a.send(b.relayedAddress(), bytes, 0, bytes.length);
        Received r = inboxB.poll(3, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo(msg);
        assertThat(r.peer()).isEqualTo(a.relayedAddress());
        b.send(a.relayedAddress(), bytes, 0, bytes.length);
        assertThat(inboxA.poll(3, TimeUnit.SECONDS).text()).isEqualTo(msg);
      }
      assertThat(a.channelDataSent())
          .as("ChannelData used once the channel is bound")
          .isGreaterThan(0);
      assertThat(b.channelDataReceived() + b.dataIndicationsReceived()).isGreaterThanOrEqualTo(8);
      assertThat(a.malformedReceived()).isZero();
    }
  }

  @Test
  void aWrongPasswordIsReportedAs401() {
    TurnClient c =
        new TurnClient(
            IceServer.parse(turn.tcpUrl(), turn.username(), "not-the-password"),
            null,
            timer,
            Duration.ofSeconds(3),
            (p, b, o, l) -> {});
    try (c) {
      assertThatThrownBy(c::allocate)
          .isInstanceOf(TurnException.class)
          .satisfies(e -> assertThat(((TurnException) e).errorCode()).isEqualTo(401));
    }
  }

  @Test
  void tlsRejectsAServerCertificateThatIsNotTrusted() {
    // The JDK's default trust store does not know the test's self-signed certificate.
    TurnClient c =
        new TurnClient(
            IceServer.parse(turn.tlsUrl(), turn.username(), turn.password()),
            null,
            timer,
            Duration.ofSeconds(3),
            (p, b, o, l) -> {});
    try (c) {
      assertThatThrownBy(c::allocate).isInstanceOf(SSLException.class);
    }
  }

  @Test
  void tlsRejectsACertificateForAnotherHostName() {
    // Trusted certificate, but it names IP 127.0.0.1 and we dial "localhost".
    TurnClient c =
        new TurnClient(
            IceServer.parse("turns:localhost:" + turn.tlsPort(), turn.username(), turn.password()),
            turn.clientTlsContext(),
            timer,
            Duration.ofSeconds(3),
            (p, b, o, l) -> {});
    try (c) {
      assertThatThrownBy(c::allocate).isInstanceOf(SSLException.class);
    }
  }
}
