package io.roomrecorder.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataTransferTest {

  private static DataChannel[] openPair(Link link, String label, DataChannelOptions options) {
    DataChannel local = link.a.openChannel(label, options);
    int before = Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).size();
    assertThat(
            link.runUntil(
                () -> Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).size() > before,
                60_000))
        .isTrue();
    DataChannel remote =
        Link.of(link.eventsB, DataChannelEvent.ChannelOpened.class).get(before).channel();
    return new DataChannel[] {local, remote};
  }

  private static Link established(long seed) {
    Link link = Link.standard(seed);
    link.connectBoth();
    assertThat(link.runUntil(link::established, 60_000)).isTrue();
    return link;
  }

  private static byte[] pattern(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void thePeersDataChannelOpenIsAckedAndCarriesLabelProtocolAndReliability() {
    Link link = established(1);
    DataChannelOptions opts =
        DataChannelOptions.DEFAULT.withOrdered(false).withMaxRetransmits(3).withProtocol("chat");
    DataChannel[] pair = openPair(link, "sendChannel", opts);
    assertThat(pair[0].id() % 2).isZero(); // a is the DTLS client: even IDs (RFC 8832 §6)
    assertThat(pair[1].id()).isEqualTo(pair[0].id());
    assertThat(pair[1].label()).isEqualTo("sendChannel");
    assertThat(pair[1].protocol()).isEqualTo("chat");
    assertThat(pair[1].options().ordered()).isFalse();
    assertThat(pair[1].options().maxRetransmits()).isEqualTo(3);
    assertThat(pair[1].isLocal()).isFalse();
    assertThat(pair[0].state()).isEqualTo(DataChannelState.OPEN);
    link.run(1_000);
    assertThat(pair[0].acked).isTrue();
    DataChannel fromB = link.b.openChannel("back");
    assertThat(fromB.id() % 2).isOne(); // DTLS server: odd IDs
  }

  @Test
  void textBinaryAndEmptyMessagesUseTheirPpidsAndArriveInOrder() {
    Link link = established(2);
    DataChannel[] pair = openPair(link, "c", DataChannelOptions.DEFAULT);
    pair[0].send("héllo");
    pair[0].send("");
    pair[0].send(new byte[] {1, 2, 3});
    pair[0].send(new byte[0]);
    link.run(1_000);
    List<DataChannelEvent> msgs = new ArrayList<>();
    for (DataChannelEvent e : link.eventsB) {
      if (e instanceof DataChannelEvent.TextMessage
          || e instanceof DataChannelEvent.BinaryMessage) {
        msgs.add(e);
      }
    }
    assertThat(msgs).hasSize(4);
    assertThat(((DataChannelEvent.TextMessage) msgs.get(0)).text()).isEqualTo("héllo");
    assertThat(((DataChannelEvent.TextMessage) msgs.get(1)).text()).isEmpty();
    assertThat(((DataChannelEvent.BinaryMessage) msgs.get(2)).data()).containsExactly(1, 2, 3);
    assertThat(((DataChannelEvent.BinaryMessage) msgs.get(3)).data()).isEmpty();
  }

  @ParameterizedTest(
      name = "{0} messages of {1} bytes each way arrive whole and in order with loss {2}, seed {3}")
  @CsvSource({
    "1, 262144, 0.0, 1",
    "2, 262144, 0.05, 2",
    "200, 1000, 0.0, 3",
    "300, 3000, 0.1, 4",
    "50, 20000, 0.2, 5",
    "1000, 100, 0.05, 6"
  })
  void messagesSurviveALossyDuplicatingReorderingNetwork(
      int count, int size, double loss, long seed) {
    Link link = established(seed);
    link.lossy(loss, loss / 2, 30);
    DataChannel[] pair = openPair(link, "bulk", DataChannelOptions.DEFAULT);
    for (int i = 0; i < count; i++) {
      assertThat(pair[0].send(pattern(size, i))).isTrue();
      assertThat(pair[1].send(pattern(size, 1_000_000 + i))).isTrue();
    }
    assertThat(
            link.runUntil(
                () ->
                    Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).size() == count
                        && Link.of(link.eventsA, DataChannelEvent.BinaryMessage.class).size()
                            == count,
                3_600_000))
        .isTrue();
    List<DataChannelEvent.BinaryMessage> atB =
        Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class);
    List<DataChannelEvent.BinaryMessage> atA =
        Link.of(link.eventsA, DataChannelEvent.BinaryMessage.class);
    for (int i = 0; i < count; i++) {
      assertThat(atB.get(i).data()).isEqualTo(pattern(size, i));
      assertThat(atA.get(i).data()).isEqualTo(pattern(size, 1_000_000 + i));
    }
    assertThat(pair[0].bufferedAmount()).isZero();
    if (loss > 0) {
      assertThat(link.a.stats().retransmittedChunks() + link.b.stats().retransmittedChunks())
          .isPositive();
    }
    assertThat(link.a.stats().drops(DropReason.BAD_CHECKSUM)).isZero();
  }

  @Test
  void unorderedMessagesAllArriveEvenWhenReordered() {
    Link link = established(7);
    link.lossy(0.05, 0.05, 50);
    DataChannel[] pair = openPair(link, "u", DataChannelOptions.DEFAULT.withOrdered(false));
    link.run(2_000); // let the DATA_CHANNEL_ACK arrive so sends are really unordered
    assertThat(pair[0].acked).isTrue();
    int n = 500;
    for (int i = 0; i < n; i++) {
      pair[0].send("m" + i);
    }
    pair[0].send(pattern(100_000, 1)); // fragmented unordered message
    assertThat(
            link.runUntil(
                () ->
                    Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size() == n
                        && Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).size() == 1,
                600_000))
        .isTrue();
    List<String> got =
        Link.of(link.eventsB, DataChannelEvent.TextMessage.class).stream()
            .map(DataChannelEvent.TextMessage::text)
            .toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add("m" + i);
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(got).isNotEqualTo(expected); // jitter really reordered them
    assertThat(Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).get(0).data())
        .isEqualTo(pattern(100_000, 1));
  }

  @Test
  void manyChannelsCarryTheirOwnMessages() {
    Link link = established(8);
    link.lossy(0.02, 0.01, 10);
    int channels = 100;
    List<DataChannel> local = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      local.add(link.a.openChannel("ch" + i));
    }
    for (int i = 0; i < channels; i++) {
      for (int k = 0; k < 5; k++) {
        local.get(i).send("ch" + i + "#" + k);
      }
    }
    assertThat(
            link.runUntil(
                () ->
                    Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size()
                        == 5 * channels,
                600_000))
        .isTrue();
    for (DataChannelEvent.TextMessage m :
        Link.of(link.eventsB, DataChannelEvent.TextMessage.class)) {
      assertThat(m.text()).startsWith(m.channel().label() + "#");
    }
    for (int i = 0; i < channels; i++) {
      String prefix = "ch" + i + "#";
      List<String> texts =
          Link.of(link.eventsB, DataChannelEvent.TextMessage.class).stream()
              .map(DataChannelEvent.TextMessage::text)
              .filter(t -> t.startsWith(prefix))
              .toList();
      assertThat(texts).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
    }
  }

  @Test
  void channelsCloseByStreamResetAndTheIdCanBeReused() {
    Link link = established(9);
    link.lossy(0.05, 0.02, 20);
    DataChannel[] pair = openPair(link, "first", DataChannelOptions.DEFAULT);
    pair[0].send("last words");
    pair[0].close();
    assertThat(pair[0].state()).isEqualTo(DataChannelState.CLOSING);
    assertThat(pair[0].send("too late")).isFalse();
    assertThat(
            link.runUntil(
                () ->
                    pair[0].state() == DataChannelState.CLOSED
                        && pair[1].state() == DataChannelState.CLOSED,
                120_000))
        .isTrue();
    assertThat(Link.of(link.eventsB, DataChannelEvent.TextMessage.class))
        .extracting(DataChannelEvent.TextMessage::text)
        .containsExactly("last words");
    assertThat(Link.of(link.eventsA, DataChannelEvent.ChannelClosed.class)).hasSize(1);
    assertThat(Link.of(link.eventsB, DataChannelEvent.ChannelClosed.class)).hasSize(1);
    // Reopen: the same stream ID, SSNs start from 0 again on both sides.
    DataChannel[] again = openPair(link, "second", DataChannelOptions.DEFAULT);
    assertThat(again[0].id()).isEqualTo(pair[0].id());
    again[0].send("again");
    again[1].send("back");
    link.runUntil(
        () -> Link.of(link.eventsA, DataChannelEvent.TextMessage.class).size() == 1, 60_000);
    assertThat(Link.of(link.eventsB, DataChannelEvent.TextMessage.class))
        .extracting(DataChannelEvent.TextMessage::text)
        .containsExactly("last words", "again");
    assertThat(Link.of(link.eventsA, DataChannelEvent.TextMessage.class))
        .extracting(DataChannelEvent.TextMessage::text)
        .containsExactly("back");
  }

  @Test
  void thePeerClosingAChannelClosesOurSideToo() {
    Link link = established(10);
    DataChannel[] pair = openPair(link, "x", DataChannelOptions.DEFAULT);
    pair[1].close();
    assertThat(
            link.runUntil(
                () ->
                    pair[0].state() == DataChannelState.CLOSED
                        && pair[1].state() == DataChannelState.CLOSED,
                60_000))
        .isTrue();
    assertThat(link.a.channels()).isEmpty();
    assertThat(link.b.channels()).isEmpty();
  }

  @Test
  void partialReliabilityAbandonsMessagesInsteadOfStalling() {
    Link link = established(11);
    link.lossy(0.3, 0.0, 5);
    DataChannel[] pair =
        openPair(link, "pr", DataChannelOptions.DEFAULT.withOrdered(true).withMaxRetransmits(0));
    link.run(5_000);
    for (int i = 0; i < 200; i++) {
      pair[0].send(pattern(3000, i));
    }
    link.run(120_000);
    link.loss = 0;
    pair[0].send("marker");
    assertThat(
            link.runUntil(
                () -> !Link.of(link.eventsB, DataChannelEvent.TextMessage.class).isEmpty(),
                120_000))
        .isTrue();
    int got = Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).size();
    assertThat(got).isLessThan(200).isPositive();
    assertThat(link.a.stats().abandonedMessages()).isPositive();
    // What did arrive is intact and in order.
    int last = -1;
    for (DataChannelEvent.BinaryMessage m :
        Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class)) {
      int idx = -1;
      for (int i = 0; i < 200; i++) {
        if (java.util.Arrays.equals(m.data(), pattern(3000, i))) {
          idx = i;
          break;
        }
      }
      assertThat(idx).isGreaterThan(last);
      last = idx;
    }
  }

  @Test
  void maxPacketLifeTimeDropsStaleMessages() {
    Link link = established(12);
    DataChannel[] pair =
        openPair(link, "t", DataChannelOptions.DEFAULT.withMaxPacketLifeTimeMs(100));
    link.run(2_000);
    link.blackholeA = true;
    for (int i = 0; i < 20; i++) {
      pair[0].send(pattern(5000, i));
    }
    link.run(3_000);
    link.blackholeA = false;
    pair[0].send("after");
    assertThat(
            link.runUntil(
                () -> !Link.of(link.eventsB, DataChannelEvent.TextMessage.class).isEmpty(),
                120_000))
        .isTrue();
    assertThat(link.a.stats().abandonedMessages()).isPositive();
  }

  @Test
  void gracefulShutdownClosesBothSidesAfterQueuedDataIsDelivered() {
    Link link = established(13);
    link.lossy(0.1, 0.0, 10);
    DataChannel[] pair = openPair(link, "s", DataChannelOptions.DEFAULT);
    for (int i = 0; i < 20; i++) {
      pair[0].send(pattern(10_000, i));
    }
    link.a.shutdown();
    assertThat(pair[0].send("no")).isFalse();
    assertThat(
            link.runUntil(
                () ->
                    link.a.state() == AssociationState.CLOSED
                        && link.b.state() == AssociationState.CLOSED,
                600_000))
        .isTrue();
    assertThat(Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class)).hasSize(20);
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.SHUTDOWN_COMPLETE);
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.SHUTDOWN_COMPLETE);
    assertThat(Link.of(link.eventsB, DataChannelEvent.ChannelClosed.class)).hasSize(1);
  }

  @Test
  void abortClosesThePeerAtOnce() {
    Link link = established(14);
    link.a.abort("bye");
    link.run(1_000);
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.ABORTED_LOCALLY);
    DataChannelEvent.AssociationClosed atB =
        Link.of(link.eventsB, DataChannelEvent.AssociationClosed.class).get(0);
    assertThat(atB.reason()).isEqualTo(CloseReason.ABORTED_BY_PEER);
    assertThat(atB.detail()).contains("cause 12");
  }

  @Test
  void aPeerThatNeverAcknowledgesIsDeclaredUnreachable() {
    Link link = established(15);
    DataChannel[] pair = openPair(link, "x", DataChannelOptions.DEFAULT);
    link.run(1_000);
    link.blackholeB = true; // b receives but its SACKs never arrive
    pair[0].send("hello?");
    link.run(3_600_000);
    DataChannelEvent.AssociationClosed closed =
        Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class).get(0);
    assertThat(closed.reason()).isEqualTo(CloseReason.PEER_UNREACHABLE);
    assertThat(link.a.stats().t3Expirations()).isEqualTo(11);
    assertThat(link.a.stats().rtoMs()).isEqualTo(60_000);
    assertThat(link.a.pollTimeout()).isEqualTo(Long.MAX_VALUE);
    assertThat(Link.of(link.eventsA, DataChannelEvent.ChannelClosed.class)).hasSize(1);
  }

  @Test
  void heartbeatsKeepAnIdleAssociationAliveAndMeasureRtt() {
    Link link = established(16);
    link.run(600_000);
    assertThat(link.a.stats().heartbeatsSent()).isGreaterThan(10);
    assertThat(link.a.state()).isEqualTo(AssociationState.ESTABLISHED);
    assertThat(link.a.stats().rtoMs()).isEqualTo(1_000); // 20 ms RTT, clamped at RTO.Min
  }

  @Test
  void aSilentPeerIsDetectedByHeartbeats() {
    Link link = established(17);
    link.blackholeB = true;
    link.run(24 * 3_600_000L);
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.PEER_UNREACHABLE);
  }
}
