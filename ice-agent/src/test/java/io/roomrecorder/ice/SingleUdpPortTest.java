package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SingleUdpPortTest {

  @Test
  void threeAnsweringAgentsShareOneUdpPortAndEachGetsItsOwnPeersData() throws Exception {
    int port;
    try (DatagramSocket probe =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = probe.getLocalPort();
    }
    IceConfig shared = AgentPair.loopback().singleUdpPort(port).build();
    IceConfig normal = AgentPair.loopback().build();
    List<AgentPair> pairs = new ArrayList<>();
    List<BlockingQueue<String>> inboxes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        AgentPair p = new AgentPair(normal, shared);
        BlockingQueue<String> inbox = new ArrayBlockingQueue<>(4);
        p.answerer
            .agent
            .datagramPort()
            .setReceiveHandler((b, o, l) -> inbox.add(new String(b, o, l, StandardCharsets.UTF_8)));
        pairs.add(p);
        inboxes.add(inbox);
        p.start();
      }
      for (int i = 0; i < 3; i++) {
        AgentPair p = pairs.get(i);
        p.awaitCompleted(Duration.ofSeconds(10));
        assertThat(p.answerer.localCandidates).extracting(IceCandidate::port).containsOnly(port);
        byte[] m = ("to-answerer-" + i).getBytes(StandardCharsets.UTF_8);
        p.offerer.agent.datagramPort().send(m, 0, m.length);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(inboxes.get(i).poll(5, TimeUnit.SECONDS)).isEqualTo("to-answerer-" + i);
      }
    } finally {
      pairs.forEach(AgentPair::close);
    }
    // The last agent released the shared socket: the port can be bound again.
    boolean released =
        AgentPair.await(
            () -> {
              try (DatagramSocket again =
                  new DatagramSocket(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return true;
              } catch (java.io.IOException e) {
                return false;
              }
            },
            Duration.ofSeconds(5));
    assertThat(released).isTrue();
  }
}
