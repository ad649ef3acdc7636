package io.roomrecorder.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.roomrecorder.datachannel.sctp.ChunkType;
import io.roomrecorder.datachannel.sctp.Crc32c;
import io.roomrecorder.datachannel.sctp.PacketWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input (RFC 9260 §8.5, §6.2, §3.2 and the data-channel limits): nothing throws, every drop
 * is counted, and a live association keeps working afterwards.
 */
class HostileInputTest {
  private static final Crc32c CRC = new Crc32c();

  private static Link established(long seed) {
    Link link = Link.standard(seed);
    link.capture = true;
    link.connectBoth();
    assertThat(link.runUntil(link::established, 60_000)).isTrue();
    return link;
  }

  /** b's Verification Tag, as a writes it in every packet after the handshake. */
  private static int tagOfB(Link link) {
    byte[] last = link.capturedAtoB.get(link.capturedAtoB.size() - 1);
    return (last[4] & 0xFF) << 24
        | (last[5] & 0xFF) << 16
        | (last[6] & 0xFF) << 8
        | (last[7] & 0xFF);
  }

  /** A packet from a's port to b's port with the given chunks (each: type, flags, body). */
  private static byte[] packet(int vtag, Object[]... chunks) {
    byte[] buf = new byte[1500];
    PacketWriter w = new PacketWriter();
    w.begin(buf, 0, buf.length, 5000, 5000, vtag);
    for (Object[] c : chunks) {
      int at = w.beginChunk((Integer) c[0], (Integer) c[1]);
      byte[] body = (byte[]) c[2];
      w.putBytes(body, 0, body.length);
      w.endChunk(at);
    }
    int len = w.finish(CRC);
    return java.util.Arrays.copyOf(buf, len);
  }

  private static Object[] chunk(int type, int flags, byte[] body) {
    return new Object[] {type, flags, body};
  }

  private static byte[] dataBody(long tsn, int stream, int ssn, int ppid, byte[] payload) {
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) (tsn >>> 24);
    b[1] = (byte) (tsn >>> 16);
    b[2] = (byte) (tsn >>> 8);
    b[3] = (byte) tsn;
    b[4] = (byte) (stream >>> 8);
    b[5] = (byte) stream;
    b[6] = (byte) (ssn >>> 8);
    b[7] = (byte) ssn;
    b[8] = (byte) (ppid >>> 24);
    b[11] = (byte) ppid;
    System.arraycopy(payload, 0, b, 12, payload.length);
    return b;
  }

  /** The TSN of the last DATA chunk a sent (first chunk after an optional SACK). */
  private static long lastDataTsn(Link link) {
    for (int i = link.capturedAtoB.size() - 1; i >= 0; i--) {
      byte[] p = link.capturedAtoB.get(i);
      int at = 12;
      while (at + 4 <= p.length) {
        int type = p[at] & 0xFF;
        int len = (p[at + 2] & 0xFF) << 8 | (p[at + 3] & 0xFF);
        if (type == ChunkType.DATA) {
          return ((p[at + 4] & 0xFFL) << 24)
              | (p[at + 5] & 0xFF) << 16
              | (p[at + 6] & 0xFF) << 8
              | (p[at + 7] & 0xFF);
        }
        at += (len + 3) & ~3;
        if (len < 4) {
          break;
        }
      }
    }
    throw new AssertionError("no DATA captured");
  }

  private static void assertStillWorks(Link link) {
    DataChannel ch = link.a.openChannel("probe-" + link.now);
    int before = Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size();
    ch.send("still alive");
    assertThat(
            link.runUntil(
                () -> Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size() > before,
                60_000))
        .isTrue();
  }

  @Test
  void aBadChecksumIsDroppedAndCounted() {
    Link link = established(1);
    byte[] p = link.capturedAtoB.get(link.capturedAtoB.size() - 1).clone();
    p[p.length - 1] ^= 0x40;
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.stats().drops(DropReason.BAD_CHECKSUM)).isEqualTo(1);
    assertStillWorks(link);
  }

  @Test
  void aWrongVerificationTagOrPortIsDropped() {
    Link link = established(2);
    int tag = tagOfB(link);
    byte[] hb = {0, 1, 0, 8, 1, 2, 3, 4};
    byte[] p = packet(tag + 1, chunk(ChunkType.HEARTBEAT, 0, hb));
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.stats().drops(DropReason.BAD_VERIFICATION_TAG)).isEqualTo(1);
    byte[] q = packet(tag, chunk(ChunkType.HEARTBEAT, 0, hb));
    q[1] = 1; // source port 4865
    CRC.seal(q, 0, q.length);
    link.b.handleInbound(q, 0, q.length, link.now);
    assertThat(link.b.stats().drops(DropReason.BAD_PORT)).isEqualTo(1);
    assertStillWorks(link);
  }

  @ParameterizedTest(name = "a chunk declaring length {0} drops the whole packet")
  @ValueSource(ints = {0, 2, 3, 400, 65535})
  void bogusChunkLengthsDropThePacket(int declared) {
    Link link = established(3);
    int tag = tagOfB(link);
    byte[] p = packet(tag, chunk(ChunkType.HEARTBEAT, 0, new byte[] {0, 1, 0, 8, 1, 2, 3, 4}));
    p[14] = (byte) (declared >>> 8);
    p[15] = (byte) declared;
    CRC.seal(p, 0, p.length);
    long sentBefore = link.b.stats().packetsSent();
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.stats().drops(DropReason.MALFORMED_CHUNK)).isEqualTo(1);
    assertThat(link.b.pollOutbound()).isNull(); // no HEARTBEAT-ACK for a broken packet
    assertThat(link.b.stats().packetsSent()).isEqualTo(sentBefore);
    assertStillWorks(link);
  }

  @Test
  void fieldsPastAShortChunkAreMalformedNotAnException() {
    Link link = established(4);
    int tag = tagOfB(link);
    int[] types = {
      ChunkType.DATA,
      ChunkType.SACK,
      ChunkType.FORWARD_TSN,
      ChunkType.RE_CONFIG,
      ChunkType.HEARTBEAT,
      ChunkType.HEARTBEAT_ACK,
      ChunkType.COOKIE_ECHO,
      ChunkType.INIT_ACK
    };
    for (int type : types) {
      for (int n = 0; n < 12; n++) {
        byte[] p = packet(tag, chunk(type, 0, new byte[n]));
        assertThatCode(() -> link.b.handleInbound(p, 0, p.length, link.now))
            .doesNotThrowAnyException();
      }
    }
    assertThat(link.b.stats().totalDrops()).isPositive();
    assertStillWorks(link);
  }

  @Test
  void chunksBundledAfterAnAbortAreNotProcessed() {
    Link link = established(5);
    DataChannel ch = link.a.openChannel("x");
    link.run(1_000);
    long tsn = lastDataTsn(link);
    int tag = tagOfB(link);
    byte[] p =
        packet(
            tag,
            chunk(ChunkType.ABORT, 0, new byte[0]),
            chunk(ChunkType.DATA, 3, dataBody(tsn + 1, ch.id(), 1, 51, "ghost".getBytes())));
    link.b.handleInbound(p, 0, p.length, link.now);
    link.pump();
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.ABORTED_BY_PEER);
    assertThat(Link.of(link.eventsB, DataChannelEvent.TextMessage.class)).isEmpty();
    assertThat(link.b.stats().drops(DropReason.AFTER_CLOSE)).isEqualTo(1);
    // And anything later is dropped too, without an answer.
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.pollOutbound()).isNull();
    assertThat(link.b.stats().drops(DropReason.AFTER_CLOSE)).isEqualTo(2);
  }

  @Test
  void anAbortWithTheWrongTagIsIgnored() {
    Link link = established(6);
    int tag = tagOfB(link);
    byte[] p = packet(tag ^ 1, chunk(ChunkType.ABORT, 0, new byte[0]));
    link.b.handleInbound(p, 0, p.length, link.now);
    byte[] q = packet(tag, chunk(ChunkType.ABORT, 1, new byte[0])); // T bit: must be a's own tag
    link.b.handleInbound(q, 0, q.length, link.now);
    assertThat(link.b.state()).isEqualTo(AssociationState.ESTABLISHED);
    assertThat(link.b.stats().drops(DropReason.BAD_VERIFICATION_TAG)).isEqualTo(2);
  }

  @Test
  void dataWithoutUserDataAbortsTheAssociationAsRfc9260Says() {
    Link link = established(7);
    link.a.openChannel("x");
    link.run(1_000);
    long tsn = lastDataTsn(link);
    byte[] p =
        packet(tagOfB(link), chunk(ChunkType.DATA, 3, dataBody(tsn + 1, 0, 1, 51, new byte[0])));
    link.b.handleInbound(p, 0, p.length, link.now);
    link.run(1_000);
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.PROTOCOL_VIOLATION);
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class).get(0).reason())
        .isEqualTo(CloseReason.ABORTED_BY_PEER);
  }

  @Test
  void anInitBundledWithOtherChunksOrWithATagIsDropped() {
    Link link = established(8);
    byte[] init = new byte[16];
    init[3] = 1; // tag 1
    init[7] = 1; // a_rwnd
    init[8] = 0;
    init[9] = 1;
    init[11] = 1; // streams
    byte[] p =
        packet(0, chunk(ChunkType.INIT, 0, init), chunk(ChunkType.COOKIE_ACK, 0, new byte[0]));
    link.b.handleInbound(p, 0, p.length, link.now);
    byte[] q = packet(tagOfB(link), chunk(ChunkType.INIT, 0, init));
    link.b.handleInbound(q, 0, q.length, link.now);
    assertThat(link.b.stats().drops(DropReason.MALFORMED_CHUNK)).isEqualTo(1);
    assertThat(link.b.stats().drops(DropReason.BAD_VERIFICATION_TAG)).isEqualTo(1);
    assertThat(link.b.pollOutbound()).isNull();
    assertStillWorks(link);
  }

  @Test
  void aForgedCookieIsRejected() {
    Link link = established(9);
    byte[] cookie = new byte[80];
    new Random(1).nextBytes(cookie);
    cookie[0] = 1;
    byte[] p = packet(tagOfB(link), chunk(ChunkType.COOKIE_ECHO, 0, cookie));
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.stats().drops(DropReason.BAD_COOKIE)).isEqualTo(1);
    assertStillWorks(link);
  }

  @Test
  void messagesOverTheMaximumSizeAreDiscardedAndCountedWhileLaterOnesArrive() {
    Link link =
        new Link(
            SctpConfig.builder(true, new Random(1)).remoteMaxMessageSize(1 << 20),
            SctpConfig.builder(false, new Random(2)).maxMessageSize(64 * 1024),
            10);
    link.connectBoth();
    assertThat(link.runUntil(link::established, 60_000)).isTrue();
    link.lossy(0.05, 0.02, 20);
    DataChannel ordered = link.a.openChannel("o");
    DataChannel unordered = link.a.openChannel("u", DataChannelOptions.DEFAULT.withOrdered(false));
    link.run(3_000);
    ordered.send(new byte[300_000]);
    ordered.send("after ordered");
    unordered.send(new byte[200_000]);
    unordered.send("after unordered");
    ordered.send(new byte[64 * 1024]); // exactly the limit: allowed
    assertThat(
            link.runUntil(
                () ->
                    Link.of(link.eventsB, DataChannelEvent.TextMessage.class).size() == 2
                        && Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).size() == 1,
                600_000))
        .isTrue();
    link.run(5_000);
    assertThat(link.b.stats().drops(DropReason.OVERSIZED_MESSAGE)).isEqualTo(2);
    assertThat(Link.of(link.eventsB, DataChannelEvent.BinaryMessage.class).get(0).data())
        .hasSize(64 * 1024);
    assertThat(link.b.stats().receiveWindow()).isEqualTo(1024 * 1024); // nothing left behind
  }

  @Test
  void sendingMoreThanThePeersMaximumIsRefusedUpFront() {
    Link link = established(11);
    DataChannel ch = link.a.openChannel("x");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ch.send(new byte[262145]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPeerIgnoringOurReceiveWindowCannotMakeUsBufferMore() {
    Link link = established(12);
    DataChannel ch = link.a.openChannel("x");
    link.run(1_000);
    link.holdEventsB = true; // the application does not read
    long tsn = lastDataTsn(link);
    int tag = tagOfB(link);
    byte[] payload = new byte[1100];
    int sent = 0;
    for (int i = 1; i <= 5_000; i++) {
      // Unordered, whole messages: each would be delivered at once if accepted.
      byte[] p = packet(tag, chunk(ChunkType.DATA, 7, dataBody(tsn + i, ch.id(), 0, 53, payload)));
      link.b.handleInbound(p, 0, p.length, link.now);
      sent++;
    }
    SctpStats s = link.b.stats();
    assertThat(sent).isEqualTo(5_000);
    assertThat(s.drops(DropReason.RECEIVE_WINDOW_FULL)).isGreaterThan(4_000);
    assertThat(s.messagesReceived()).isLessThanOrEqualTo(1024 * 1024 / 1100);
    assertThat(s.receiveWindow()).isLessThan(1100 + ReceiveQueue.CHUNK_OVERHEAD);
    // Once the application reads, the window opens again and is announced.
    link.holdEventsB = false;
    link.pump();
    assertThat(link.b.stats().receiveWindow()).isEqualTo(1024 * 1024);
  }

  @Test
  void tsnsFarBeyondTheWindowAreDropped() {
    Link link = established(13);
    DataChannel ch = link.a.openChannel("x");
    link.run(1_000);
    long tsn = lastDataTsn(link);
    byte[] p =
        packet(
            tagOfB(link),
            chunk(ChunkType.DATA, 7, dataBody(tsn + 100_000, ch.id(), 0, 53, new byte[10])));
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.stats().drops(DropReason.RECEIVE_WINDOW_FULL)).isEqualTo(1);
    assertStillWorks(link);
  }

  @Test
  void unknownChunkTypesFollowTheirUpperBits() {
    Link link = established(14);
    int tag = tagOfB(link);
    byte[] hb = {0, 1, 0, 8, 1, 2, 3, 4};
    // 0x3F: upper bits 00 -> stop processing, so the HEARTBEAT after it is not answered.
    byte[] p = packet(tag, chunk(0x3F, 0, new byte[4]), chunk(ChunkType.HEARTBEAT, 0, hb));
    link.b.handleInbound(p, 0, p.length, link.now);
    assertThat(link.b.pollOutbound()).isNull();
    // 0xBF: upper bits 10 -> skip it, answer the HEARTBEAT.
    byte[] q = packet(tag, chunk(0xBF, 0, new byte[4]), chunk(ChunkType.HEARTBEAT, 0, hb));
    link.b.handleInbound(q, 0, q.length, link.now);
    byte[] out = link.b.pollOutbound();
    assertThat(out).isNotNull();
    assertThat(out[12] & 0xFF).isEqualTo(ChunkType.HEARTBEAT_ACK);
    // 0x7F: upper bits 01 -> stop and report with an ERROR (Unrecognized Chunk Type).
    byte[] r = packet(tag, chunk(0x7F, 0, new byte[4]));
    link.b.handleInbound(r, 0, r.length, link.now);
    out = link.b.pollOutbound();
    assertThat(out[12] & 0xFF).isEqualTo(ChunkType.ERROR);
    assertThat(link.b.stats().drops(DropReason.UNKNOWN_CHUNK)).isEqualTo(3);
  }

  @Test
  void outOfTheBluePacketsGetAnAbortWithTheTBitBeforeAnyAssociation() {
    SctpAssociation lone = new SctpAssociation(SctpConfig.builder(false, new Random(1)).build());
    byte[] p =
        packet(0x12345678, chunk(ChunkType.HEARTBEAT, 0, new byte[] {0, 1, 0, 8, 1, 2, 3, 4}));
    lone.handleInbound(p, 0, p.length, 0);
    byte[] out = lone.pollOutbound();
    assertThat(out[12] & 0xFF).isEqualTo(ChunkType.ABORT);
    assertThat(out[13] & 1).isEqualTo(1);
    assertThat(java.util.Arrays.copyOfRange(out, 4, 8)).containsExactly(0x12, 0x34, 0x56, 0x78);
    assertThat(lone.stats().drops(DropReason.OUT_OF_THE_BLUE)).isEqualTo(1);
  }

  @Test
  void oneHundredThousandRandomPacketsNeverThrow() {
    Link link = established(15);
    int tag = tagOfB(link);
    Random r = new Random(99);
    byte[] buf = new byte[1600];
    for (int i = 0; i < 100_000; i++) {
      int len = r.nextInt(1300);
      r.nextBytes(buf);
      if (i % 2 == 0 && len >= 12) {
        // Half get a valid header so the chunk parser sees them.
        buf[0] = 0x13;
        buf[1] = (byte) 0x88;
        buf[2] = 0x13;
        buf[3] = (byte) 0x88;
        buf[4] = (byte) (tag >>> 24);
        buf[5] = (byte) (tag >>> 16);
        buf[6] = (byte) (tag >>> 8);
        buf[7] = (byte) tag;
        CRC.seal(buf, 0, len);
      }
      int l = len;
      assertThatCode(() -> link.b.handleInbound(buf, 0, l, link.now)).doesNotThrowAnyException();
      while (link.b.pollOutbound() != null) {
        // discard answers
      }
      while (link.b.pollEvent() != null) {
        // discard events
      }
    }
    assertThat(link.b.stats().totalDrops()).isGreaterThan(50_000);
    assertThat(link.b.stats().drops(DropReason.BAD_CHECKSUM)).isGreaterThan(40_000);
  }

  @Test
  void oneHundredThousandMutatedRealPacketsNeverThrow() {
    // A corpus of real packets from a lossy session with several channels and message sizes.
    Link source = established(16);
    source.lossy(0.1, 0.05, 20);
    DataChannel c1 = source.a.openChannel("a");
    DataChannel c2 = source.a.openChannel("b", DataChannelOptions.DEFAULT.withOrdered(false));
    DataChannel c3 = source.a.openChannel("c", DataChannelOptions.DEFAULT.withMaxRetransmits(1));
    for (int i = 0; i < 30; i++) {
      c1.send("text " + i);
      c2.send(new byte[i * 500 + 1]);
      c3.send(new byte[3000]);
    }
    c1.close();
    source.run(60_000);
    List<byte[]> corpus = new ArrayList<>(source.capturedAtoB);
    corpus.addAll(source.capturedBtoA);
    assertThat(corpus.size()).isGreaterThan(50);

    Random r = new Random(1234);
    Link target = null;
    int targetTag = 0;
    long thrown = 0;
    for (int i = 0; i < 100_000; i++) {
      if (target == null || target.b.state() != AssociationState.ESTABLISHED) {
        target = established(1000 + i);
        targetTag = tagOfB(target);
      }
      byte[] p = corpus.get(r.nextInt(corpus.size())).clone();
      int flips = 1 + r.nextInt(4);
      for (int k = 0; k < flips; k++) {
        int at = 12 + r.nextInt(Math.max(1, p.length - 12));
        if (at < p.length) {
          p[at] = (byte) (r.nextBoolean() ? r.nextInt() : p[at] ^ (1 << r.nextInt(8)));
        }
      }
      if (r.nextInt(10) == 0) {
        p = java.util.Arrays.copyOf(p, r.nextInt(p.length + 1));
      }
      if (p.length >= 12 && r.nextInt(4) != 0) {
        // Most get the live tag and a fixed checksum so they reach the chunk handlers.
        p[4] = (byte) (targetTag >>> 24);
        p[5] = (byte) (targetTag >>> 16);
        p[6] = (byte) (targetTag >>> 8);
        p[7] = (byte) targetTag;
        CRC.seal(p, 0, p.length);
      }
      try {
        target.b.handleInbound(p, 0, p.length, target.now);
        target.now += r.nextInt(3);
        if (target.b.pollTimeout() <= target.now) {
          target.b.handleTimeout(target.now);
        }
        while (target.b.pollOutbound() != null) {
          // discard
        }
        while (target.b.pollEvent() != null) {
          // discard
        }
      } catch (RuntimeException e) {
        thrown++;
        throw new AssertionError("packet " + i + " threw", e);
      }
    }
    assertThat(thrown).isZero();
  }

  @Test
  void mutatedHandshakePacketsNeverThrowInAnyHandshakeState() {
    // Real INIT, INIT-ACK, COOKIE-ECHO and COOKIE-ACK packets, mutated, fed to fresh associations
    // in CLOSED, COOKIE-WAIT and COOKIE-ECHOED.
    Link source = Link.standard(40);
    source.capture = true;
    source.connectBoth();
    assertThat(source.runUntil(source::established, 60_000)).isTrue();
    List<byte[]> handshake = new ArrayList<>();
    for (List<byte[]> dir : List.of(source.capturedAtoB, source.capturedBtoA)) {
      for (byte[] p : dir) {
        int type = p[12] & 0xFF;
        if (type == ChunkType.INIT
            || type == ChunkType.INIT_ACK
            || type == ChunkType.COOKIE_ECHO
            || type == ChunkType.COOKIE_ACK) {
          handshake.add(p);
        }
      }
    }
    assertThat(handshake).hasSizeGreaterThanOrEqualTo(6);
    Random r = new Random(41);
    for (int i = 0; i < 30_000; i++) {
      SctpAssociation target =
          new SctpAssociation(SctpConfig.builder(i % 2 == 0, new Random(i)).build());
      int stateWanted = i % 3; // 0 CLOSED, 1 COOKIE-WAIT, 2 COOKIE-ECHOED (if the INIT-ACK fits)
      if (stateWanted > 0) {
        target.connect(0);
      }
      byte[] initOut = target.pollOutbound();
      if (stateWanted == 2 && initOut != null) {
        // Answer its INIT with a genuine INIT-ACK from a fresh peer.
        SctpAssociation peer =
            new SctpAssociation(SctpConfig.builder(i % 2 != 0, new Random(-i)).build());
        peer.handleInbound(initOut, 0, initOut.length, 0);
        byte[] initAck = peer.pollOutbound();
        target.handleInbound(initAck, 0, initAck.length, 0);
        while (target.pollOutbound() != null) {
          // COOKIE-ECHO
        }
      }
      byte[] p = handshake.get(r.nextInt(handshake.size())).clone();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        int at = 12 + r.nextInt(p.length - 12);
        p[at] = (byte) (r.nextBoolean() ? r.nextInt() : p[at] ^ (1 << r.nextInt(8)));
      }
      if (r.nextInt(8) == 0) {
        p = java.util.Arrays.copyOf(p, 12 + r.nextInt(p.length - 11));
      }
      CRC.seal(p, 0, p.length);
      byte[] q = p;
      long t = r.nextInt(200_000);
      assertThatCode(
              () -> {
                target.handleInbound(q, 0, q.length, t);
                target.handleTimeout(t);
                while (target.pollOutbound() != null) {
                  // discard
                }
                while (target.pollEvent() != null) {
                  // discard
                }
              })
          .doesNotThrowAnyException();
    }
  }
}
