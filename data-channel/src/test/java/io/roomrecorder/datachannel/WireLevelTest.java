package io.roomrecorder.datachannel;

import static io.roomrecorder.datachannel.WirePeer.chunk;
import static io.roomrecorder.datachannel.WirePeer.data;
import static io.roomrecorder.datachannel.WirePeer.tsn;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.datachannel.WirePeer.Chunk;
import io.roomrecorder.datachannel.WirePeer.Sack;
import io.roomrecorder.datachannel.sctp.ChunkType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact chunk contents against a scripted peer (RFC 9260, RFC 3758, RFC 6525, RFC 8832). */
class WireLevelTest {

  @Test
  void initAckAnswersAChromeInitWithCookieExtensionsAndForwardTsn() {
    WirePeer p = new WirePeer();
    p.sendWithTag(
        0,
        chunk(
            ChunkType.INIT,
            0,
            WirePeer.initValue(p.peerTag, p.peerInitialTsn, WirePeer.chromeInitParams())));
    List<Chunk> out = p.receive();
    assertThat(out).hasSize(1);
    Chunk ack = out.get(0);
    assertThat(ack.type()).isEqualTo(ChunkType.INIT_ACK);
    ByteBuffer v = ack.buf();
    assertThat(v.getInt(0)).isNotZero(); // Initiate Tag
    assertThat(v.getInt(4)).isEqualTo(1024 * 1024); // a_rwnd = receive buffer
    assertThat(v.getShort(8) & 0xFFFF).isEqualTo(65535);
    assertThat(v.getShort(10) & 0xFFFF).isEqualTo(65535);
    assertThat(WirePeer.findParam(ack.value(), 16, 7)).isNotNull(); // State Cookie
    assertThat(WirePeer.findParam(ack.value(), 16, 0xC000)).isEmpty(); // Forward-TSN-Supported
    assertThat(WirePeer.findParam(ack.value(), 16, 0x8008)).containsExactly(0xC0, 0x82);
    assertThat(WirePeer.findParam(ack.value(), 16, 8)).isNull(); // nothing unrecognized
    assertThat(p.sut.state()).isEqualTo(AssociationState.CLOSED); // no state kept (§5.1.3)
  }

  @Test
  void unknownInitParametersAreReportedOrSkippedByTheirUpperBits() {
    WirePeer p = new WirePeer();
    byte[] skipReport = WirePeer.param(0xC006, new byte[] {1, 2, 3, 4}); // 11: skip, report
    byte[] skipSilent = WirePeer.param(0x8123, new byte[] {9}); // 10: skip
    byte[] stopReport = WirePeer.param(0x4001, new byte[] {7, 7}); // 01: stop, report
    byte[] never = WirePeer.param(0xC007, new byte[] {5}); // after the stop: not looked at
    p.sendWithTag(
        0,
        chunk(
            ChunkType.INIT,
            0,
            WirePeer.initValue(
                p.peerTag, p.peerInitialTsn, skipReport, skipSilent, stopReport, never)));
    Chunk ack = p.receive().get(0);
    byte[] unrecognized = WirePeer.findParam(ack.value(), 16, 8);
    assertThat(unrecognized).isNotNull();
    ByteBuffer u = ByteBuffer.wrap(unrecognized);
    assertThat(u.getShort(0) & 0xFFFF).isEqualTo(0xC006);
    assertThat(u.getShort(8) & 0xFFFF).isEqualTo(0x4001);
    assertThat(unrecognized.length).isEqualTo(8 + 8); // each reported parameter padded
  }

  @Test
  void aCookieEchoEstablishesAndDataBundledWithItIsDelivered() {
    WirePeer p = new WirePeer();
    p.sendWithTag(
        0,
        chunk(
            ChunkType.INIT,
            0,
            WirePeer.initValue(p.peerTag, p.peerInitialTsn, WirePeer.chromeInitParams())));
    Chunk ack = p.receive().get(0);
    p.sutTag = ack.buf().getInt(0);
    byte[] cookie = WirePeer.findParam(ack.value(), 16, 7);
    p.send(
        chunk(ChunkType.COOKIE_ECHO, 0, cookie),
        data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("sendChannel")),
        data(3, tsn(p.peerInitialTsn, 1), 1, 1, 51, "{\"info\":{}}".getBytes()));
    List<DataChannelEvent> events = p.drainEvents();
    assertThat(events.get(0)).isInstanceOf(DataChannelEvent.AssociationEstablished.class);
    assertThat(((DataChannelEvent.ChannelOpened) events.get(1)).channel().label())
        .isEqualTo("sendChannel");
    assertThat(((DataChannelEvent.TextMessage) events.get(2)).text()).isEqualTo("{\"info\":{}}");
    List<Chunk> out = p.receive();
    // COOKIE-ACK, then a SACK for both (second DATA packet? no: one packet, so delayed) and
    // the DATA_CHANNEL_ACK on stream 1 with PPID 50.
    assertThat(out.get(0).type()).isEqualTo(ChunkType.COOKIE_ACK);
    Chunk dcepAck = out.stream().filter(c -> c.type() == ChunkType.DATA).findFirst().orElseThrow();
    ByteBuffer d = dcepAck.buf();
    assertThat(d.getShort(4)).isEqualTo((short) 1);
    assertThat(d.getInt(8)).isEqualTo(50);
    assertThat(dcepAck.value()[12]).isEqualTo((byte) 0x02);
    assertThat(dcepAck.flags() & 3).isEqualTo(3); // B and E: one fragment
    assertThat(d.getInt(0) & 0xFFFF_FFFFL).isEqualTo(p.sutInitialTsnFrom(ack));
  }

  @Test
  void outOfOrderDataIsSackedAtOnceWithGapBlocksAndDuplicatesAreReported() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn; // 0xFFFFFFF0: the next TSNs wrap past zero
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.now += 10;
    p.send(data(3, tsn(t, 1), 1, 1, 51, "a".getBytes()));
    // Two packets with DATA: SACK (§6.2 every second packet).
    Sack s = Sack.of(sackIn(p.receive()));
    assertThat(s.cum()).isEqualTo(tsn(t, 1));
    assertThat(s.gaps()).isEmpty();
    // TSN t+3 and t+20 (past the 32-bit wrap) arrive; t+2 is missing.
    p.send(data(3, tsn(t, 3), 1, 3, 51, "c".getBytes()));
    s = Sack.of(sackIn(p.receive()));
    assertThat(s.cum()).isEqualTo(tsn(t, 1));
    assertThat(s.gaps()).containsExactly(new int[] {2, 2});
    p.send(data(3, tsn(t, 20), 1, 20, 51, "z".getBytes()));
    s = Sack.of(sackIn(p.receive()));
    assertThat(s.gaps()).containsExactly(new int[] {2, 2}, new int[] {19, 19});
    // A duplicate is reported once, at once.
    p.send(data(3, tsn(t, 3), 1, 3, 51, "c".getBytes()));
    s = Sack.of(sackIn(p.receive()));
    assertThat(s.dups()).containsExactly(tsn(t, 3));
    // The hole fills: cum moves to t+3, the message "b" then "c" come out in SSN order.
    p.send(data(3, tsn(t, 2), 1, 2, 51, "b".getBytes()));
    s = Sack.of(sackIn(p.receive()));
    assertThat(s.cum()).isEqualTo(tsn(t, 3));
    assertThat(s.gaps()).containsExactly(new int[] {17, 17});
    assertThat(s.dups()).isEmpty();
    assertThat(texts(p.drainEvents())).containsExactly("a", "b", "c");
  }

  @Test
  void aSingleInOrderPacketIsSackedAfterTheDelayedAckTimer() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn;
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    List<Chunk> out = p.receive();
    // Only the DATA_CHANNEL_ACK, and the SACK rides along with it (bundling, §6.2).
    assertThat(out).extracting(Chunk::type).containsExactly(ChunkType.SACK, ChunkType.DATA);
    p.now += 5;
    p.send(data(3, tsn(t, 1), 1, 1, 51, "x".getBytes()));
    assertThat(p.receive()).isEmpty();
    assertThat(p.sut.pollTimeout()).isEqualTo(p.now + 200);
    p.now += 199;
    p.sut.handleTimeout(p.now);
    assertThat(p.receive()).isEmpty();
    p.now += 1;
    p.sut.handleTimeout(p.now);
    assertThat(Sack.of(sackIn(p.receive())).cum()).isEqualTo(tsn(t, 1));
  }

  @Test
  void fragmentsAreReassembledAndTheImmediateBitIsHonoured() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn;
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    byte[] whole = new byte[3000];
    new Random(1).nextBytes(whole);
    // E, then B, then middle with the I bit (RFC 7053) set.
    p.send(data(1, tsn(t, 3), 1, 1, 53, java.util.Arrays.copyOfRange(whole, 2000, 3000)));
    p.send(data(2, tsn(t, 1), 1, 1, 53, java.util.Arrays.copyOfRange(whole, 0, 1000)));
    p.receive();
    p.send(data(8, tsn(t, 2), 1, 1, 53, java.util.Arrays.copyOfRange(whole, 1000, 2000)));
    assertThat(Sack.of(sackIn(p.receive())).cum()).isEqualTo(tsn(t, 3));
    List<DataChannelEvent> ev = p.drainEvents();
    assertThat(((DataChannelEvent.BinaryMessage) ev.get(ev.size() - 1)).data()).isEqualTo(whole);
  }

  @Test
  void forwardTsnSkipsAbandonedFragmentsAndTheirStreamSequenceNumber() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn;
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    // Message SSN 1 is t+1..t+3; only its first fragment arrives; then SSN 2 arrives whole.
    p.send(data(2, tsn(t, 1), 1, 1, 53, new byte[100]));
    p.send(data(3, tsn(t, 4), 1, 2, 51, "after".getBytes()));
    assertThat(texts(p.drainEvents())).isEmpty(); // blocked behind SSN 1
    ByteBuffer f = ByteBuffer.allocate(8);
    f.putInt((int) tsn(t, 3)).putShort((short) 1).putShort((short) 1);
    p.send(chunk(ChunkType.FORWARD_TSN, 0, f.array()));
    assertThat(texts(p.drainEvents())).containsExactly("after");
    Sack s = Sack.of(sackIn(p.receive()));
    assertThat(s.cum()).isEqualTo(tsn(t, 4));
    assertThat(p.sut.stats().receiveWindow()).isEqualTo(1024 * 1024); // fragment freed
  }

  @Test
  void anOutgoingResetIsDeferredUntilTheLastAssignedTsnArrives() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn;
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    DataChannel ch = p.sut.channel(1);
    // The peer reset stream 1 after sending TSN t+1, which we have not received.
    long reqSeq = p.peerInitialTsn;
    p.send(reconfigOutgoing(reqSeq, tsn(t, 1), 1));
    Chunk resp = firstOf(p.receive(), ChunkType.RE_CONFIG);
    ByteBuffer r = resp.buf();
    assertThat(r.getShort(0)).isEqualTo((short) 16);
    assertThat(r.getInt(4) & 0xFFFF_FFFFL).isEqualTo(reqSeq);
    assertThat(r.getInt(8)).isEqualTo(6); // In progress
    assertThat(ch.state()).isEqualTo(DataChannelState.OPEN);
    p.send(data(3, tsn(t, 1), 1, 1, 51, "late".getBytes()));
    assertThat(texts(p.drainEvents())).containsExactly("late");
    assertThat(ch.state()).isEqualTo(DataChannelState.CLOSING); // reset performed: our turn
    List<Chunk> out = p.receive();
    Chunk ours = firstOf(out, ChunkType.RE_CONFIG);
    ByteBuffer o = ours.buf();
    assertThat(o.getShort(0)).isEqualTo((short) 13); // Outgoing SSN Reset Request
    assertThat(o.getInt(4) & 0xFFFF_FFFFL).isEqualTo(p.sutInitialTsn); // first request seq
    assertThat(o.getInt(12) & 0xFFFF_FFFFL).isEqualTo(tsn(p.sutInitialTsn, 0)); // last TSN sent
    assertThat(o.getShort(16)).isEqualTo((short) 1);
    // The retransmitted request now gets "Performed".
    p.send(reconfigOutgoing(reqSeq, tsn(t, 1), 1));
    r = firstOf(p.receive(), ChunkType.RE_CONFIG).buf();
    assertThat(r.getInt(8)).isEqualTo(1);
    // We answer the sut's request: the channel closes.
    ByteBuffer answer = ByteBuffer.allocate(12);
    answer.putShort((short) 16).putShort((short) 12).putInt(o.getInt(4)).putInt(1);
    p.send(chunk(ChunkType.RE_CONFIG, 0, answer.array()));
    assertThat(ch.state()).isEqualTo(DataChannelState.CLOSED);
    assertThat(p.drainEvents()).containsExactly(new DataChannelEvent.ChannelClosed(ch));
  }

  @Test
  void rtoFollowsRfc9260FromMeasuredRoundTrips() {
    WirePeer p = new WirePeer(SctpConfig.builder(false, new Random(5)).rto(1000, 100, 60_000));
    p.establish();
    p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive(); // SACK + DATA_CHANNEL_ACK (TSN sutInitialTsn), sent at p.now
    p.now += 300;
    p.send(WirePeer.sack(p.sutInitialTsn, 1 << 20, new int[0], new long[0]));
    // First measurement R=300: SRTT=300, RTTVAR=150, RTO=300+4*150=900 (§6.3.1 C2).
    assertThat(p.sut.stats().rtoMs()).isEqualTo(900);
    DataChannel ch = p.sut.channel(1);
    ch.send("x");
    p.receive();
    p.now += 100;
    p.send(WirePeer.sack(tsn(p.sutInitialTsn, 1), 1 << 20, new int[0], new long[0]));
    // R'=100: RTTVAR=0.75*150+0.25*200=162.5, SRTT=0.875*300+0.125*100=275 -> 275+650=925.
    assertThat(p.sut.stats().rtoMs()).isEqualTo(925);
  }

  @Test
  void t3ExpiryRetransmitsWithBackoffAndTheCongestionWindowDropsToOneMtu() {
    WirePeer p = new WirePeer();
    p.establish();
    p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    p.send(WirePeer.sack(p.sutInitialTsn, 1 << 20, new int[0], new long[0]));
    DataChannel ch = p.sut.channel(1);
    for (int i = 0; i < 10; i++) {
      ch.send(new byte[1000]);
    }
    List<Chunk> first = p.receive();
    long sent = first.stream().filter(c -> c.type() == ChunkType.DATA).count();
    // Initial cwnd 4404 bytes would allow a fifth 1000-byte chunk; Max.Burst (RFC 9260 §6.1 D)
    // caps one transmission opportunity at 4 packets.
    assertThat(sent).isEqualTo(4);
    p.now += 1;
    p.sut.handleTimeout(p.now); // a new opportunity (no timer due): cwnd allows one more
    assertThat(p.receive().stream().filter(c -> c.type() == ChunkType.DATA)).hasSize(1);
    long t3 = p.sut.pollTimeout();
    assertThat(t3).isEqualTo(p.now - 1 + 1000); // started with the first chunk
    p.now = t3;
    p.sut.handleTimeout(p.now);
    List<Chunk> again = p.receive();
    assertThat(again.stream().filter(c -> c.type() == ChunkType.DATA)).hasSize(1); // cwnd = 1 MTU
    assertThat(p.sut.stats().congestionWindow()).isEqualTo(1200);
    assertThat(p.sut.stats().rtoMs()).isEqualTo(2000); // doubled (§6.3.3 E2)
    assertThat(p.sut.pollTimeout()).isEqualTo(p.now + 2000);
  }

  @Test
  void threeMissIndicationsTriggerOneFastRetransmit() {
    WirePeer p = new WirePeer();
    p.establish();
    p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    long base = p.sutInitialTsn;
    p.send(WirePeer.sack(base, 1 << 20, new int[0], new long[0]));
    DataChannel ch = p.sut.channel(1);
    for (int i = 0; i < 4; i++) {
      ch.send(new byte[1000]);
    }
    p.receive(); // TSNs base+1 .. base+4
    // base+1 is lost: three SACKs each newly acking a later TSN.
    for (int k = 2; k <= 4; k++) {
      p.send(WirePeer.sack(base, 1 << 20, new int[] {2, k}, new long[0]));
      List<Chunk> out = p.receive();
      if (k < 4) {
        assertThat(out.stream().filter(c -> c.type() == ChunkType.DATA)).isEmpty();
      } else {
        List<Chunk> d = out.stream().filter(c -> c.type() == ChunkType.DATA).toList();
        assertThat(d).hasSize(1);
        assertThat(d.get(0).buf().getInt(0) & 0xFFFF_FFFFL).isEqualTo(tsn(base, 1));
      }
    }
    assertThat(p.sut.stats().fastRetransmits()).isEqualTo(1);
    assertThat(p.sut.stats().congestionWindow()).isEqualTo(4800); // max(cwnd/2, 4 MTU)
  }

  @Test
  void aSackForTsnsNeverSentIsDropped() {
    WirePeer p = new WirePeer();
    p.establish();
    p.send(WirePeer.sack(tsn(p.sutInitialTsn, 1000), 1 << 20, new int[0], new long[0]));
    assertThat(p.sut.stats().drops(DropReason.BAD_SACK)).isEqualTo(1);
  }

  @Test
  void anInitCollisionInCookieWaitAnswersWithOurOwnTagAndTsn() {
    WirePeer p = new WirePeer(SctpConfig.builder(true, new Random(9)));
    p.sut.connect(p.now);
    List<Chunk> init = p.receive(0);
    assertThat(init).extracting(Chunk::type).containsExactly(ChunkType.INIT);
    int ourTag = init.get(0).buf().getInt(0);
    int ourTsn = init.get(0).buf().getInt(12);
    p.sendWithTag(
        0,
        chunk(
            ChunkType.INIT,
            0,
            WirePeer.initValue(p.peerTag, p.peerInitialTsn, WirePeer.chromeInitParams())));
    Chunk ack = p.receive().get(0);
    assertThat(ack.type()).isEqualTo(ChunkType.INIT_ACK);
    assertThat(ack.buf().getInt(0)).isEqualTo(ourTag); // §5.2.1
    assertThat(ack.buf().getInt(12)).isEqualTo(ourTsn);
    assertThat(p.sut.state()).isEqualTo(AssociationState.COOKIE_WAIT);
    // The peer's COOKIE-ECHO for that INIT-ACK establishes us directly (§5.2.4 action B).
    p.sutTag = ourTag;
    p.send(chunk(ChunkType.COOKIE_ECHO, 0, WirePeer.findParam(ack.value(), 16, 7)));
    assertThat(p.sut.state()).isEqualTo(AssociationState.ESTABLISHED);
    assertThat(p.receive()).extracting(Chunk::type).containsExactly(ChunkType.COOKIE_ACK);
  }

  @Test
  void aStaleCookieIsAnsweredWithAStaleCookieError() {
    WirePeer p = new WirePeer();
    p.sendWithTag(
        0,
        chunk(
            ChunkType.INIT,
            0,
            WirePeer.initValue(p.peerTag, p.peerInitialTsn, WirePeer.chromeInitParams())));
    Chunk ack = p.receive().get(0);
    p.sutTag = ack.buf().getInt(0);
    p.now += 60_001;
    p.send(chunk(ChunkType.COOKIE_ECHO, 0, WirePeer.findParam(ack.value(), 16, 7)));
    Chunk err = p.receive().get(0);
    assertThat(err.type()).isEqualTo(ChunkType.ERROR);
    assertThat(err.buf().getShort(0)).isEqualTo((short) 3);
    assertThat(p.sut.state()).isEqualTo(AssociationState.CLOSED);
    assertThat(p.sut.stats().drops(DropReason.STALE_COOKIE)).isEqualTo(1);
  }

  @Test
  void heartbeatsAreEchoedUnchanged() {
    WirePeer p = new WirePeer();
    p.establish();
    byte[] info = WirePeer.param(1, "opaque-info-from-peer".getBytes());
    p.send(chunk(ChunkType.HEARTBEAT, 0, info));
    Chunk ack = p.receive().get(0);
    assertThat(ack.type()).isEqualTo(ChunkType.HEARTBEAT_ACK);
    assertThat(ack.value()).isEqualTo(info);
  }

  @Test
  void dataForAStreamBeyondTheNegotiatedCountIsAckedAndReported() {
    WirePeer p = new WirePeer(SctpConfig.builder(false, new Random(5)).streams(16, 16));
    p.establish();
    p.send(data(3, p.peerInitialTsn, 20, 0, 51, "x".getBytes()));
    List<Chunk> out = p.receive();
    Chunk err = firstOf(out, ChunkType.ERROR);
    assertThat(err.buf().getShort(0)).isEqualTo((short) 1); // Invalid Stream Identifier
    assertThat(err.buf().getShort(4)).isEqualTo((short) 20);
    p.now += 200;
    p.sut.handleTimeout(p.now);
    assertThat(Sack.of(sackIn(p.receive())).cum()).isEqualTo(p.peerInitialTsn);
    assertThat(p.sut.stats().drops(DropReason.INVALID_STREAM)).isEqualTo(1);
  }

  @Test
  void aPeerOpeningTooManyChannelsOrHugeLabelsIsRefused() {
    WirePeer p = new WirePeer();
    p.establish();
    int n = SctpAssociation.MAX_CHANNELS + 10;
    for (int i = 0; i < n; i++) {
      p.send(data(3, tsn(p.peerInitialTsn, i), i, 0, 50, WirePeer.dcepOpen("c" + i)));
      p.receive();
      p.now++;
    }
    p.send(data(3, tsn(p.peerInitialTsn, n), n, 0, 50, WirePeer.dcepOpen("x".repeat(5000))));
    p.receive();
    assertThat(p.sut.channels()).hasSize(SctpAssociation.MAX_CHANNELS);
    assertThat(p.sut.stats().drops(DropReason.CHANNEL_REFUSED)).isEqualTo(11);
  }

  @Test
  void readingQueuedMessagesReopensTheWindowWithAnImmediateSack() {
    WirePeer p = new WirePeer();
    p.establish();
    long t = p.peerInitialTsn;
    p.send(data(3, t, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    // 400 unread 1000-byte messages: the advertised window shrinks by what the app holds.
    for (int i = 1; i <= 400; i++) {
      p.send(data(3, tsn(t, i), 1, i, 53, new byte[1000]));
      p.now++;
    }
    Sack before = Sack.of(sackIn(p.receive()));
    assertThat(before.rwnd()).isEqualTo(1024 * 1024 - 400_000);
    p.drainEvents(); // the application reads: a window update goes out at once (§6.2)
    Sack after = Sack.of(sackIn(p.receive()));
    assertThat(after.rwnd()).isEqualTo(1024 * 1024);
    assertThat(after.cum()).isEqualTo(tsn(t, 400));
  }

  @Test
  void anAbandonedMessageIsSkippedWithAForwardTsnCarryingItsStreamAndSsn() {
    WirePeer p = new WirePeer();
    p.establish();
    p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    long base = p.sutInitialTsn; // our DATA_CHANNEL_ACK
    p.send(WirePeer.sack(base, 1 << 20, new int[0], new long[0]));
    DataChannel local = p.sut.openChannel("pr", DataChannelOptions.DEFAULT.withMaxRetransmits(0));
    p.receive(); // our DATA_CHANNEL_OPEN (odd ID as DTLS server; 1 is taken, so 3)
    p.send(WirePeer.sack(tsn(base, 1), 1 << 20, new int[0], new long[0]));
    local.send(new byte[3000]); // three fragments, TSN base+2..base+4, SSN 1 on its stream
    List<Chunk> sent = p.receive();
    assertThat(sent.stream().filter(c -> c.type() == ChunkType.DATA)).hasSize(3);
    p.now = p.sut.pollTimeout();
    p.sut.handleTimeout(p.now); // T3: no retransmission allowed, the message is abandoned
    List<Chunk> out = p.receive();
    assertThat(out.stream().filter(c -> c.type() == ChunkType.DATA)).isEmpty();
    Chunk fwd = firstOf(out, ChunkType.FORWARD_TSN);
    ByteBuffer f = fwd.buf();
    assertThat(f.getInt(0) & 0xFFFF_FFFFL).isEqualTo(tsn(base, 4)); // new cumulative TSN
    assertThat(f.getShort(4) & 0xFFFF).isEqualTo(local.id());
    assertThat(f.getShort(6) & 0xFFFF).isEqualTo(1); // the DATA_CHANNEL_OPEN was SSN 0
    assertThat(p.sut.stats().abandonedMessages()).isEqualTo(1);
    // Once the peer acknowledges past it, the next message flows normally.
    p.send(WirePeer.sack(tsn(base, 4), 1 << 20, new int[0], new long[0]));
    local.send("next");
    Chunk next = firstOf(p.receive(), ChunkType.DATA);
    assertThat(next.buf().getInt(0) & 0xFFFF_FFFFL).isEqualTo(tsn(base, 5));
    assertThat(next.buf().getShort(6) & 0xFFFF).isEqualTo(2);
  }

  @Test
  void anIncomingSsnResetRequestIsAnsweredWithOurOwnOutgoingResetAsItsImplicitResponse() {
    WirePeer p = new WirePeer();
    p.establish();
    p.send(data(3, p.peerInitialTsn, 1, 0, 50, WirePeer.dcepOpen("c")));
    p.receive();
    DataChannel ch = p.sut.channel(1);
    ByteBuffer in = ByteBuffer.allocate(12);
    in.putShort((short) 14).putShort((short) 10).putInt((int) p.peerInitialTsn).putShort((short) 1);
    p.send(chunk(ChunkType.RE_CONFIG, 0, java.util.Arrays.copyOf(in.array(), 10)));
    Chunk req = firstOf(p.receive(), ChunkType.RE_CONFIG);
    ByteBuffer r = req.buf();
    assertThat(r.getShort(0)).isEqualTo((short) 13); // Outgoing SSN Reset Request
    assertThat(r.getInt(8) & 0xFFFF_FFFFL).isEqualTo(p.peerInitialTsn); // implicit response
    assertThat(r.getShort(16)).isEqualTo((short) 1);
    assertThat(ch.state()).isEqualTo(DataChannelState.OPEN); // only our side was asked to reset
  }

  private static Chunk sackIn(List<Chunk> chunks) {
    return firstOf(chunks, ChunkType.SACK);
  }

  private static Chunk firstOf(List<Chunk> chunks, int type) {
    return chunks.stream()
        .filter(c -> c.type() == type)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no chunk "
                        + ChunkType.name(type)
                        + " in "
                        + chunks.stream().map(c -> ChunkType.name(c.type())).toList()));
  }

  private static byte[] reconfigOutgoing(long reqSeq, long lastTsn, int... streams) {
    ByteBuffer b = ByteBuffer.allocate(16 + 2 * streams.length + 2);
    b.putShort((short) 13).putShort((short) (16 + 2 * streams.length));
    b.putInt((int) reqSeq).putInt(0).putInt((int) lastTsn);
    for (int s : streams) {
      b.putShort((short) s);
    }
    return chunk(
        ChunkType.RE_CONFIG, 0, java.util.Arrays.copyOf(b.array(), 16 + 2 * streams.length));
  }

  private static List<String> texts(List<DataChannelEvent> events) {
    return events.stream()
        .filter(e -> e instanceof DataChannelEvent.TextMessage)
        .map(e -> ((DataChannelEvent.TextMessage) e).text())
        .toList();
  }
}
