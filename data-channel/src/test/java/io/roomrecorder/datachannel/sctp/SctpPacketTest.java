package io.roomrecorder.datachannel.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SctpPacketTest {
  private final Crc32c crc = new Crc32c();

  private byte[] buildPacket(byte[] buf, int off) {
    PacketWriter w = new PacketWriter();
    w.begin(buf, off, 100, 5000, 5001, 0x01020304);
    int c = w.beginChunk(ChunkType.HEARTBEAT, 0);
    w.put16(1);
    w.put16(7);
    w.put8(0xAA);
    w.put8(0xBB);
    w.put8(0xCC);
    w.endChunk(c);
    c = w.beginChunk(ChunkType.COOKIE_ACK, 0);
    w.endChunk(c);
    int len = w.finish(crc);
    assertThat(len).isEqualTo(12 + 12 + 4);
    return buf;
  }

  @ParameterizedTest(name = "a packet written at offset {0} reads back field by field")
  @ValueSource(ints = {0, 3, 17})
  void writtenPacketsReadBack(int off) {
    byte[] buf = new byte[off + 100 + 9];
    new Random(off).nextBytes(buf);
    buildPacket(buf, off);
    SctpPacket p = new SctpPacket();
    assertThat(p.wrap(buf, off, 28)).isTrue();
    assertThat(crc.verify(buf, off, 28)).isTrue();
    assertThat(p.sourcePort()).isEqualTo(5000);
    assertThat(p.destinationPort()).isEqualTo(5001);
    assertThat(p.verificationTag()).isEqualTo(0x01020304);
    ChunkView v = new ChunkView();
    assertThat(p.nextChunk(v)).isEqualTo(SctpPacket.CHUNK);
    assertThat(v.type()).isEqualTo(ChunkType.HEARTBEAT);
    assertThat(v.length()).isEqualTo(11); // padding not counted (RFC 9260 §3.2)
    assertThat(v.u8(8)).isEqualTo(0xAA);
    assertThat(v.u16(4)).isEqualTo(1);
    assertThatThrownBy(() -> v.u8(11)).isInstanceOf(MalformedChunkException.class);
    ChunkView.ParameterView pv = new ChunkView.ParameterView();
    assertThat(v.parameter(4, pv)).isEqualTo(12);
    assertThat(pv.type()).isEqualTo(1);
    assertThat(pv.copyValue()).containsExactly(0xAA, 0xBB, 0xCC);
    assertThat(p.nextChunk(v)).isEqualTo(SctpPacket.CHUNK);
    assertThat(v.type()).isEqualTo(ChunkType.COOKIE_ACK);
    assertThat(p.nextChunk(v)).isEqualTo(SctpPacket.END);
  }

  @ParameterizedTest(name = "a chunk length of {0} is malformed")
  @ValueSource(ints = {0, 1, 3, 17, 0xFFFF})
  void impossibleChunkLengthsAreMalformed(int declared) {
    byte[] buf = new byte[100];
    buildPacket(buf, 0);
    buf[14] = (byte) (declared >>> 8);
    buf[15] = (byte) declared;
    SctpPacket p = new SctpPacket();
    p.wrap(buf, 0, 28);
    assertThat(p.nextChunk(new ChunkView())).isEqualTo(SctpPacket.MALFORMED);
  }

  @Test
  void aPacketShorterThanTheCommonHeaderIsRejected() {
    SctpPacket p = new SctpPacket();
    assertThat(p.wrap(new byte[11], 0, 11)).isFalse();
    assertThat(p.wrap(new byte[20], 10, 11)).isFalse();
    assertThat(p.wrap(new byte[20], 15, 12)).isFalse();
  }

  @Test
  void aCutChunkHeaderIsMalformed() {
    byte[] buf = new byte[100];
    buildPacket(buf, 0);
    SctpPacket p = new SctpPacket();
    p.wrap(buf, 0, 14);
    assertThat(p.nextChunk(new ChunkView())).isEqualTo(SctpPacket.MALFORMED);
  }

  @Test
  void theWriterRefusesToPassTheMtu() {
    PacketWriter w = new PacketWriter();
    w.begin(new byte[32], 0, 32, 1, 2, 3);
    w.beginChunk(0, 0);
    assertThatThrownBy(() -> w.putBytes(new byte[20], 0, 20))
        .isInstanceOf(IllegalStateException.class);
  }
}
