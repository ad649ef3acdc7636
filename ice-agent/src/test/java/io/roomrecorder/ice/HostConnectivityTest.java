package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostConnectivityTest {

  @Test
  void twoAgentsConnectOverLoopbackHostCandidatesAndExchangeDatagrams() throws Exception {
    IceConfig config = AgentPair.loopback().build();
    try (AgentPair pair = new AgentPair(config, config)) {
      BlockingQueue<String> atAnswerer = new ArrayBlockingQueue<>(10);
      BlockingQueue<String> atOfferer = new ArrayBlockingQueue<>(10);
      pair.answerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              (b, o, l) -> atAnswerer.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.offerer
          .agent
          .datagramPort()
          .setReceiveHandler(
              (b, o, l) -> atOfferer.add(new String(b, o, l, StandardCharsets.UTF_8)));
      pair.start().awaitCompleted(Duration.ofSeconds(10));

      SelectedPair sp = pair.offerer.agent.selectedPair();
      assertThat(sp.localType()).isEqualTo(CandidateType.HOST);
      assertThat(sp.local().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(sp.relayProtocol()).isNull();

      byte[] hello = "\u0016hello-dtls-like".getBytes(StandardCharsets.UTF_8);
      pair.offerer.agent.datagramPort().send(hello, 0, hello.length);
      assertThat(atAnswerer.poll(5, TimeUnit.SECONDS)).isEqualTo("\u0016hello-dtls-like");
      byte[] reply = "reply".getBytes(StandardCharsets.UTF_8);
      pair.answerer.agent.datagramPort().send(reply, 0, reply.length);
      assertThat(atOfferer.poll(5, TimeUnit.SECONDS)).isEqualTo("reply");

      assertThat(pair.offerer.states)
          .containsSubsequence(
              IceState.NEW,
              IceState.GATHERING,
              IceState.CHECKING,
              IceState.CONNECTED,
              IceState.COMPLETED);
      assertThat(pair.answerer.states)
          .containsSubsequence(
              IceState.NEW,
              IceState.GATHERING,
              IceState.CHECKING,
              IceState.CONNECTED,
              IceState.COMPLETED);
      assertThat(pair.offerer.localCandidates)
          .allMatch(c -> c.type() == CandidateType.HOST && c.address().equals("127.0.0.1"));
      assertThat(pair.offerer.gatheringComplete).isTrue();
      assertThat(pair.offerer.agent.stats().datagramsSent()).isEqualTo(1);
      assertThat(pair.answerer.agent.stats().datagramsReceived()).isEqualTo(1);
    }
  }
}
