package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import io.roomrecorder.ice.testing.Coturn;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Relay-only ICE through a real coturn on 127.0.0.1, with the client reaching it over UDP, TCP,
 * TLS.
 */
class TurnRelayTest {
  private static Coturn turn;

  @BeforeAll
  static void startCoturn() throws Exception {
    turn = Coturn.start();
  }

  @AfterAll
  static void stopCoturn() {
    if (turn != null) {
      turn.close();
    }
  }

  private static String url(String transport) {
    return switch (transport) {
      case "udp" -> turn.udpUrl();
      case "tcp" -> turn.tcpUrl();
      default -> turn.tlsUrl();
    };
  }

  @ParameterizedTest(
      name =
          "relay-only agents with host candidates on both sides select a relay pair via TURN over {0}")
  @ValueSource(strings = {"udp", "tcp", "tls"})
  void relayOnlyPolicySelectsARelayPairAndCarriesData(String transport) throws Exception {
    IceConfig relayOnly =
        AgentPair.loopback()
            .turnServer(url(transport), turn.username(), turn.password())
            .turnTlsContext(turn.clientTlsContext())
            .policy(TransportPolicy.RELAY)
            .build();
    IceConfig all = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(relayOnly, all)) {
      BlockingQueue<String> atAnswerer = new ArrayBlockingQueue<>(10);
      BlockingQueue<String> atOfferer = new ArrayBlockingQueue<>(10);
      java.util.Set<String> offererThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              (b, o, l) -> atAnswerer.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.offerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              (b, o, l) -> {
                offererThreads.add(Thread.currentThread().getName());
                atOfferer.add(new String(b, o, l, StandardCharsets.UTF_8));
              });
      pair.start().awaitCompleted(Coturn.patience());

      assertThat(pair.offerer.localCandidates)
          .isNotEmpty()
          .allMatch(c -> c.type() == CandidateType.RELAY);
      SelectedPair sp = pair.offerer.agent.selectedPair();
      assertThat(sp.localType()).isEqualTo(CandidateType.RELAY);
      assertThat(sp.relayProtocol()).isEqualTo(transport);
      assertThat(pair.answerer.agent.selectedPair().remoteType()).isEqualTo(CandidateType.RELAY);

      for (int i = 0; i < 5; i++) {
        byte[] m = ("media-" + i).getBytes(StandardCharsets.UTF_8);
        pair.offerer.agent.datagramPort().send(m, 0, m.length);
        assertThat(atAnswerer.poll(5, TimeUnit.SECONDS)).isEqualTo("media-" + i);
        byte[] r =
            ("back-" + i + "x")
                .getBytes(StandardCharsets.UTF_8); // odd lengths exercise ChannelData padding
        pair.answerer.agent.datagramPort().send(r, 0, r.length);
        assertThat(atOfferer.poll(5, TimeUnit.SECONDS)).isEqualTo("back-" + i + "x");
      }
      // Relayed data is handed over by the TURN client's reader, not through ice4j's threads.
      assertThat(offererThreads).singleElement().asString().startsWith("turn-" + transport + "-");
    }
  }

  @org.junit.jupiter.api.Test
  void twoRelayOnlyAgentsConnectRelayToRelayAndSignalNoHostAddress() throws Exception {
    IceConfig relayOnly =
        AgentPair.loopback()
            .turnServer(turn.udpUrl(), turn.username(), turn.password())
            .policy(TransportPolicy.RELAY)
            .build();
    try (AgentPair pair = new AgentPair(relayOnly, relayOnly)) {
      BlockingQueue<String> atAnswerer = new ArrayBlockingQueue<>(10);
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              (b, o, l) -> atAnswerer.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.start().awaitCompleted(Coturn.patience());
      for (AgentPair.Side side : java.util.List.of(pair.offerer, pair.answerer)) {
        assertThat(side.localCandidates)
            .isNotEmpty()
            .allSatisfy(
                c -> {
                  assertThat(c.type()).isEqualTo(CandidateType.RELAY);
                  assertThat(c.relatedAddress()).isEqualTo("0.0.0.0");
                  assertThat(c.relatedPort()).isZero();
                });
        SelectedPair sp = side.agent.selectedPair();
        assertThat(sp.localType()).isEqualTo(CandidateType.RELAY);
        assertThat(sp.remoteType()).isIn(CandidateType.RELAY, CandidateType.PRFLX);
      }
      byte[] m = "relay-to-relay".getBytes(StandardCharsets.UTF_8);
      pair.offerer.agent.datagramPort().send(m, 0, m.length);
      assertThat(atAnswerer.poll(5, TimeUnit.SECONDS)).isEqualTo("relay-to-relay");
    }
  }

  @org.junit.jupiter.api.Test
  void withPolicyAllAndTurnBothHostAndRelayCandidatesAreSignaled() {
    IceConfig all =
        AgentPair.loopback().turnServer(turn.tcpUrl(), turn.username(), turn.password()).build();
    try (AgentPair pair = new AgentPair(all, all)) {
      pair.start().awaitCompleted(Coturn.patience());
      assertThat(AgentPair.awaitGathered(pair.offerer, Coturn.patience())).isTrue();
      assertThat(pair.offerer.localCandidates)
          .extracting(IceCandidate::type)
          .contains(CandidateType.HOST, CandidateType.RELAY);
      IceCandidate relay =
          pair.offerer.localCandidates.stream()
              .filter(c -> c.type() == CandidateType.RELAY)
              .findFirst()
              .orElseThrow();
      assertThat(relay.relatedAddress())
          .as("policy all reveals the mapped address as raddr")
          .isEqualTo("127.0.0.1");
      // Host pairs have the highest priority on loopback.
      assertThat(pair.offerer.agent.selectedPair().localType()).isEqualTo(CandidateType.HOST);
    }
  }

  @org.junit.jupiter.api.Test
  void aStunServerOnLoopbackAddsNoRedundantCandidateAndGatheringCompletes() {
    // coturn also answers STUN Binding; on loopback the mapped address equals the host address,
    // so the server-reflexive candidate is redundant (RFC 8445 §5.1.3) and not signaled.
    IceConfig config = AgentPair.loopback().stunServer(turn.stunUrl()).build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start().awaitCompleted(Coturn.patience());
      assertThat(AgentPair.awaitGathered(pair.offerer, Coturn.patience())).isTrue();
      assertThat(pair.offerer.localCandidates)
          .extracting(IceCandidate::type)
          .containsOnly(CandidateType.HOST);
      assertThat(pair.offerer.agent.stats().turnErrors()).isEmpty();
    }
  }
}
