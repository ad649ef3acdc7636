package io.roomrecorder.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeTest {

  @Test
  void oneSideConnectsAndThePassiveSideAnswersFromTheCookie() {
    Link link = Link.standard(1);
    link.a.connect(link.now);
    assertThat(link.runUntil(link::established, 10_000)).isTrue();
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationEstablished.class)).hasSize(1);
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationEstablished.class)).hasSize(1);
    // INIT, COOKIE-ECHO from a; INIT-ACK, COOKIE-ACK from b.
    assertThat(link.packetsAtoB).isEqualTo(2);
    assertThat(link.packetsBtoA).isEqualTo(2);
  }

  @ParameterizedTest(
      name = "both sides sending INIT at once (seed {0}) still gives one association")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void initCollisionAsBrowsersDoIt(long seed) {
    Link link = Link.standard(seed);
    link.connectBoth();
    assertThat(link.runUntil(link::established, 10_000)).isTrue();
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationEstablished.class)).hasSize(1);
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationEstablished.class)).hasSize(1);
    // And data flows both ways afterwards.
    DataChannel ch = link.a.openChannel("x");
    link.runUntil(
        () -> Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).size() == 1, 5_000);
    assertThat(ch.send("ping")).isTrue();
    DataChannel remote =
        Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).get(0).channel();
    assertThat(remote.send("pong")).isTrue();
    link.run(2_000);
    assertThat(Link.of(link.eventsB, DataChannelEvent.TextMessage.class))
        .extracting(DataChannelEvent.TextMessage::text)
        .containsExactly("ping");
    assertThat(Link.of(link.eventsA, DataChannelEvent.TextMessage.class))
        .extracting(DataChannelEvent.TextMessage::text)
        .containsExactly("pong");
  }

  @Test
  void crossingInitsWhileOneIsDelayedStillConverge() {
    Link link = Link.standard(9);
    link.a.connect(link.now);
    link.pump();
    link.now += 5; // b's INIT leaves while a's is in flight
    link.b.connect(link.now);
    assertThat(link.runUntil(link::established, 10_000)).isTrue();
  }

  @Test
  void aSideThatAnsweredStatelesslyAndThenConnectsStillConverges() {
    // b answers a's INIT before b's own connect() (its DTLS finished a little later), then sends
    // its own INIT: the cookie a echoes no longer matches b's new tag, and §5.2.1/§5.2.4 sort it.
    Link link = Link.standard(31);
    link.a.connect(link.now);
    link.runUntil(() -> link.packetsBtoA == 1, 1_000); // INIT-ACK from b is on the wire
    link.b.connect(link.now);
    assertThat(link.runUntil(link::established, 60_000)).isTrue();
    assertThat(link.now).isLessThan(1_000 + 1_000); // no T1 expiry needed
    DataChannel ch = link.a.openChannel("x");
    link.runUntil(
        () -> Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).size() == 1, 5_000);
    ch.send("ok");
    assertThat(
            link.runUntil(
                () -> Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size() == 1, 5_000))
        .isTrue();
  }

  @ParameterizedTest(name = "handshake survives 30% loss with seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void lostHandshakePacketsAreRetransmittedOnT1(long seed) {
    Link link = Link.standard(seed).lossy(0.3, 0.1, 20);
    link.connectBoth();
    assertThat(link.runUntil(link::established, 120_000)).isTrue();
  }

  @Test
  void anUnansweredInitGivesUpAfterMaxInitRetransmits() {
    Link link =
        new Link(
            SctpConfig.builder(true, new Random(1)).maxInitRetransmits(3),
            SctpConfig.builder(false, new Random(2)),
            1);
    link.blackholeA = true;
    link.a.connect(link.now);
    link.run(600_000);
    assertThat(link.eventsA)
        .containsExactly(
            new DataChannelEvent.AssociationClosed(
                CloseReason.INIT_FAILED, "no answer after 3 retries"));
    assertThat(link.packetsAtoB).isEqualTo(4);
    assertThat(link.a.pollTimeout()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void tagsAndInitialTsnsComeFromTheInjectedRandomness() {
    Link one = Link.standard(21);
    Link two = Link.standard(21);
    one.a.connect(one.now);
    two.a.connect(two.now);
    assertThat(one.a.pollOutbound()).isEqualTo(two.a.pollOutbound());
    Link three = Link.standard(22);
    Link four = Link.standard(21);
    three.a.connect(three.now);
    four.a.connect(four.now);
    byte[] init22 = three.a.pollOutbound();
    byte[] init21 = four.a.pollOutbound();
    // Initiate Tag (chunk offset 4) and Initial TSN (offset 16) differ with the seed.
    assertThat(java.util.Arrays.copyOfRange(init22, 16, 20))
        .isNotEqualTo(java.util.Arrays.copyOfRange(init21, 16, 20));
    assertThat(java.util.Arrays.copyOfRange(init22, 28, 32))
        .isNotEqualTo(java.util.Arrays.copyOfRange(init21, 28, 32));
  }
}
