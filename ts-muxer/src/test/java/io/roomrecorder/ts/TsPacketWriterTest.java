package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.ts.testing.ByteArrayTsSink;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ISO/IEC 13818-1 §2.4.3.2–§2.4.3.5: header, adaptation field, stuffing, CC, PCR. */
class TsPacketWriterTest {

  static IntStream everyPayloadSize() {
    return IntStream.rangeClosed(0, 184);
  }

  @ParameterizedTest(
      name = "a packet with {0} payload bytes is stuffed to 188 through its adaptation field")
  @MethodSource("everyPayloadSize")
  void stuffingFillsEveryPayloadSize(int size) {
    ByteArrayTsSink sink = new ByteArrayTsSink();
    TsPacketWriter w = new TsPacketWriter(sink, 4);
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) (i + 1);
    }
    int p = w.beginPacket(0x100, true, false, TsPacketWriter.NO_PCR, size);
    System.arraycopy(payload, 0, w.buffer(), p, size);
    w.drain();
    byte[] ts = sink.toByteArray();
    assertThat(ts).hasSize(188);
    assertThat(ts[0]).isEqualTo((byte) 0x47);
    int afc = (ts[3] >> 4) & 3;
    if (size == 184) {
      assertThat(afc).isEqualTo(0b01);
    } else {
      assertThat(afc).isEqualTo(size == 0 ? 0b10 : 0b11);
      int afLength = ts[4] & 0xFF;
      assertThat(5 + afLength + size).isEqualTo(188);
      if (afLength > 0) {
        assertThat(ts[5]).as("flags").isEqualTo((byte) 0);
        for (int i = 6; i < 5 + afLength; i++) {
          assertThat(ts[i]).as("stuffing byte %d", i).isEqualTo((byte) 0xFF);
        }
      }
    }
    assertThat(Arrays.copyOfRange(ts, 188 - size, 188)).isEqualTo(payload);
  }

  @ParameterizedTest(name = "with PCR and random access, {0} payload bytes still fill 188")
  @ValueSource(ints = {0, 1, 100, 175, 176})
  void pcrAndRandomAccessShareTheAdaptationFieldWithStuffing(int size) {
    ByteArrayTsSink sink = new ByteArrayTsSink();
    TsPacketWriter w = new TsPacketWriter(sink, 4);
    w.beginPacket(0x100, true, true, 123_456_789L * 300 + 299, size);
    w.drain();
    TsPackets.Packet pkt = TsPackets.parse(sink.toByteArray()).packets().get(0);
    assertThat(pkt.randomAccess()).isTrue();
    assertThat(pkt.pcrBase()).isEqualTo(123_456_789L);
    assertThat(pkt.payload()).hasSize(size);
    byte[] ts = sink.toByteArray();
    assertThat(((ts[10] & 1) << 8) | (ts[11] & 0xFF)).as("PCR extension").isEqualTo(299);
    assertThat(ts[10] & 0x7E).as("reserved bits").isEqualTo(0x7E);
  }

  @Test
  void payloadThatDoesNotFitIsAProgrammingError() {
    TsPacketWriter w = new TsPacketWriter(new ByteArrayTsSink(), 4);
    assertThatThrownBy(() -> w.beginPacket(0x100, true, true, 0, 177))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> w.beginPacket(0x100, false, false, TsPacketWriter.NO_PCR, 185))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void continuityCounterCountsPacketsWithPayloadPerPidModulo16() {
    ByteArrayTsSink sink = new ByteArrayTsSink();
    TsPacketWriter w = new TsPacketWriter(sink, 8);
    for (int i = 0; i < 40; i++) {
      w.beginPacket(0x100, false, false, TsPacketWriter.NO_PCR, 184);
      if (i % 3 == 0) {
        w.beginPacket(0x101, false, false, TsPacketWriter.NO_PCR, 10);
      }
      if (i % 5 == 0) {
        w.beginPacket(0x100, false, false, 300L * i, 0); // adaptation only: CC unchanged
      }
    }
    w.drain();
    TsPackets ts = TsPackets.parse(sink.toByteArray());
    int[] expectVideo = {0};
    int last = -1;
    for (TsPackets.Packet p : ts.onPid(0x100)) {
      if (p.adaptationFieldControl() == 0b10) {
        assertThat(p.continuityCounter()).isEqualTo(last);
      } else {
        expectVideo[0] = (expectVideo[0] + 1) & 15;
        assertThat(p.continuityCounter()).isEqualTo(expectVideo[0]);
        last = p.continuityCounter();
      }
    }
    int expectAudio = 0;
    for (TsPackets.Packet p : ts.onPid(0x101)) {
      expectAudio = (expectAudio + 1) & 15;
      assertThat(p.continuityCounter()).isEqualTo(expectAudio);
    }
    assertThat(ts.onPid(0x101)).hasSize(14);
  }

  @ParameterizedTest(name = "PCR {0} x 27 MHz is written as base {1} and extension {2}")
  @CsvSource({
    "0, 0, 0",
    "299, 0, 299",
    "300, 1, 0",
    "2576980377599, 8589934591, 299", // largest PCR: (2^33 - 1) * 300 + 299
    "2576980377600, 0, 0" // wraps with the base
  })
  void pcrIsBaseAndExtension(long pcr27, long base, int ext) {
    byte[] b = new byte[6];
    TsPacketWriter.writePcr(b, 0, pcr27);
    long readBase =
        (long) (b[0] & 0xFF) << 25
            | (long) (b[1] & 0xFF) << 17
            | (long) (b[2] & 0xFF) << 9
            | (long) (b[3] & 0xFF) << 1
            | (b[4] & 0x80) >>> 7;
    assertThat(readBase).isEqualTo(base);
    assertThat(((b[4] & 1) << 8) | (b[5] & 0xFF)).isEqualTo(ext);
  }

  @Test
  void sinkReceivesWholePacketsOnlyWhenTheBufferFillsOrDrains() {
    ByteArrayTsSink sink = new ByteArrayTsSink();
    TsPacketWriter w = new TsPacketWriter(sink, 3);
    for (int i = 0; i < 7; i++) {
      w.beginPacket(0x100, false, false, TsPacketWriter.NO_PCR, 184);
    }
    assertThat(sink.size()).isEqualTo(6 * 188);
    w.drain();
    assertThat(sink.size()).isEqualTo(7 * 188);
    assertThat(w.packets()).isEqualTo(7);
  }
}
