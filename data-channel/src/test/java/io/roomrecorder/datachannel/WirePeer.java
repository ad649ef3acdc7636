package io.roomrecorder.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.datachannel.sctp.ChunkType;
import io.roomrecorder.datachannel.sctp.Crc32c;
import io.roomrecorder.datachannel.sctp.PacketWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A scripted SCTP peer that writes packets byte by byte, as a browser would put them on the wire,
 * against one real {@link SctpAssociation} under test. Lets tests check exact chunk contents.
 */
final class WirePeer {
  static final Crc32c CRC = new Crc32c();
  final SctpAssociation sut;
  final int peerTag = 0x0BADCAFE;
  final long peerInitialTsn = 0xFFFF_FFF0L; // wraps soon: TSN arithmetic gets exercised
  int sutTag;
  long sutInitialTsn;
  long now = 10_000;

  /** A chunk as parsed from the association's output. */
  record Chunk(int type, int flags, byte[] value) {
    ByteBuffer buf() {
      return ByteBuffer.wrap(value);
    }
  }

  WirePeer(SctpConfig.Builder config) {
    this.sut = new SctpAssociation(config.build());
  }

  WirePeer() {
    this(SctpConfig.builder(false, new Random(5)));
  }

  static byte[] packet(int vtag, List<byte[]> chunks) {
    byte[] buf = new byte[65536];
    PacketWriter w = new PacketWriter();
    w.begin(buf, 0, buf.length, 5000, 5000, vtag);
    for (byte[] c : chunks) {
      w.putChunk(c);
    }
    return java.util.Arrays.copyOf(buf, w.finish(CRC));
  }

  static byte[] chunk(int type, int flags, byte[] value) {
    byte[] c = new byte[4 + value.length];
    c[0] = (byte) type;
    c[1] = (byte) flags;
    c[2] = (byte) (c.length >>> 8);
    c[3] = (byte) c.length;
    System.arraycopy(value, 0, c, 4, value.length);
    return c;
  }

  void send(byte[]... chunks) {
    byte[] p = packet(sutTag, List.of(chunks));
    sut.handleInbound(p, 0, p.length, now);
  }

  void sendWithTag(int vtag, byte[]... chunks) {
    byte[] p = packet(vtag, List.of(chunks));
    sut.handleInbound(p, 0, p.length, now);
  }

  /** All chunks the association wants to send now, checking each packet's header and CRC. */
  List<Chunk> receive(int expectedTag) {
    List<Chunk> out = new ArrayList<>();
    byte[] p;
    while ((p = sut.pollOutbound()) != null) {
      assertThat(p.length).isLessThanOrEqualTo(sut.config().mtu());
      assertThat(CRC.verify(p, 0, p.length)).isTrue();
      ByteBuffer b = ByteBuffer.wrap(p);
      assertThat(b.getShort(0) & 0xFFFF).isEqualTo(5000);
      assertThat(b.getInt(4)).isEqualTo(expectedTag);
      int at = 12;
      while (at < p.length) {
        int len = b.getShort(at + 2) & 0xFFFF;
        byte[] v = java.util.Arrays.copyOfRange(p, at + 4, at + len);
        out.add(new Chunk(p[at] & 0xFF, p[at + 1] & 0xFF, v));
        at += (len + 3) & ~3;
      }
    }
    return out;
  }

  List<Chunk> receive() {
    return receive(peerTag);
  }

  static byte[] initValue(int tag, long tsn, byte[]... params) {
    ByteBuffer b = ByteBuffer.allocate(16 + 64 * params.length + 64);
    b.putInt(tag).putInt(1 << 20).putShort((short) 65535).putShort((short) 65535).putInt((int) tsn);
    for (byte[] p : params) {
      b.put(p);
      while (b.position() % 4 != 0) {
        b.put((byte) 0);
      }
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  static byte[] param(int type, byte[] value) {
    ByteBuffer b = ByteBuffer.allocate(4 + value.length);
    b.putShort((short) type).putShort((short) (4 + value.length)).put(value);
    return b.array();
  }

  /** What Chrome's dcsctp puts in its INIT (Forward-TSN, extensions, zero-checksum acceptable). */
  static byte[][] chromeInitParams() {
    return new byte[][] {
      param(0xC000, new byte[0]),
      param(0x8008, new byte[] {(byte) 0xC0, (byte) 0x82}),
      param(0x8001, new byte[] {0, 0, 0, 1})
    };
  }

  /** Runs INIT / INIT-ACK / COOKIE-ECHO / COOKIE-ACK with us as the initiator. */
  void establish() {
    sendWithTag(
        0, chunk(ChunkType.INIT, 0, initValue(peerTag, peerInitialTsn, chromeInitParams())));
    List<Chunk> initAck = receive();
    assertThat(initAck).hasSize(1);
    assertThat(initAck.get(0).type()).isEqualTo(ChunkType.INIT_ACK);
    ByteBuffer v = initAck.get(0).buf();
    sutTag = v.getInt(0);
    sutInitialTsn = v.getInt(12) & 0xFFFF_FFFFL;
    byte[] cookie = findParam(initAck.get(0).value(), 16, 7);
    assertThat(cookie).isNotNull();
    send(chunk(ChunkType.COOKIE_ECHO, 0, cookie));
    List<Chunk> ack = receive();
    assertThat(ack).extracting(Chunk::type).containsExactly(ChunkType.COOKIE_ACK);
    assertThat(sut.state()).isEqualTo(AssociationState.ESTABLISHED);
    drainEvents();
  }

  long sutInitialTsnFrom(Chunk initAck) {
    return initAck.buf().getInt(12) & 0xFFFF_FFFFL;
  }

  List<DataChannelEvent> drainEvents() {
    List<DataChannelEvent> out = new ArrayList<>();
    DataChannelEvent e;
    while ((e = sut.pollEvent()) != null) {
      out.add(e);
    }
    return out;
  }

  /** The value of the first parameter of {@code type} in a chunk value from {@code from}. */
  static byte[] findParam(byte[] value, int from, int type) {
    ByteBuffer b = ByteBuffer.wrap(value);
    int at = from;
    while (at + 4 <= value.length) {
      int t = b.getShort(at) & 0xFFFF;
      int len = b.getShort(at + 2) & 0xFFFF;
      if (t == type) {
        return java.util.Arrays.copyOfRange(value, at + 4, at + len);
      }
      at += (len + 3) & ~3;
      if (len < 4) {
        return null;
      }
    }
    return null;
  }

  static byte[] data(int flags, long tsn, int stream, int ssn, int ppid, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.putInt((int) tsn).putShort((short) stream).putShort((short) ssn).putInt(ppid).put(payload);
    return chunk(ChunkType.DATA, flags, b.array());
  }

  static byte[] sack(long cum, int rwnd, int[] gaps, long[] dups) {
    ByteBuffer b = ByteBuffer.allocate(12 + 4 * gaps.length / 2 * 2 + 4 * dups.length);
    b.putInt((int) cum)
        .putInt(rwnd)
        .putShort((short) (gaps.length / 2))
        .putShort((short) dups.length);
    for (int g : gaps) {
      b.putShort((short) g);
    }
    for (long d : dups) {
      b.putInt((int) d);
    }
    return chunk(ChunkType.SACK, 0, java.util.Arrays.copyOf(b.array(), b.position()));
  }

  static byte[] dcepOpen(String label) {
    return new io.roomrecorder.datachannel.dcep.DcepMessage.Open(0, 256, 0, label, "").encode();
  }

  /** SACK fields: cum, a_rwnd, gap blocks as start/end pairs, duplicate TSNs. */
  record Sack(long cum, long rwnd, List<int[]> gaps, List<Long> dups) {
    static Sack of(Chunk c) {
      ByteBuffer b = c.buf();
      long cum = b.getInt(0) & 0xFFFF_FFFFL;
      long rwnd = b.getInt(4) & 0xFFFF_FFFFL;
      int ng = b.getShort(8) & 0xFFFF;
      int nd = b.getShort(10) & 0xFFFF;
      List<int[]> gaps = new ArrayList<>();
      for (int i = 0; i < ng; i++) {
        gaps.add(new int[] {b.getShort(12 + 4 * i) & 0xFFFF, b.getShort(14 + 4 * i) & 0xFFFF});
      }
      List<Long> dups = new ArrayList<>();
      for (int i = 0; i < nd; i++) {
        dups.add(b.getInt(12 + 4 * ng + 4 * i) & 0xFFFF_FFFFL);
      }
      return new Sack(cum, rwnd, gaps, dups);
    }
  }

  static long tsn(long base, int plus) {
    return (base + plus) & 0xFFFF_FFFFL;
  }
}
