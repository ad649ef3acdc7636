package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ISO/IEC 13818-1 §2.4.3.6–§2.4.3.7. */
class PesHeaderTest {

  @ParameterizedTest(name = "PTS {0} is written as {1}")
  @CsvSource({
    "0,            21 00 01 00 01",
    "1,            21 00 01 00 03",
    "90000,        21 00 05 bf 21",
    "8589934591,   2f ff ff ff ff",
    "8589934592,   21 00 01 00 01", // 2^33 wraps to 0
    "8589944592,   21 00 01 4e 21" // 2^33 + 10000
  })
  void ptsIsFourBitPrefixThirtyThreeBitsAndThreeMarkers(long pts, String hex) {
    byte[] b = new byte[7];
    PesHeader.writeTimestamp(b, 1, 0b0010, pts);
    assertThat(hex(b, 1, 5)).isEqualTo(hex.replace(" ", ""));
    assertThat(PesHeader.readTimestamp(b, 1)).isEqualTo(pts & 0x1_FFFF_FFFFL);
  }

  @ParameterizedTest(name = "timestamp {0} survives write and read modulo 2^33")
  @ValueSource(
      longs = {0, 1, 3000, 123_456_789, (1L << 32), (1L << 33) - 1, (1L << 33), (1L << 34) + 7})
  void timestampsRoundTripModulo2pow33(long ts) {
    byte[] b = new byte[5];
    PesHeader.writeTimestamp(b, 0, 0b0011, ts);
    assertThat(PesHeader.readTimestamp(b, 0)).isEqualTo(ts % (1L << 33));
    assertThat(b[0] & 1).isEqualTo(1);
    assertThat(b[2] & 1).isEqualTo(1);
    assertThat(b[4] & 1).isEqualTo(1);
    assertThat((b[0] & 0xFF) >> 4).isEqualTo(0b0011);
  }

  @Test
  void videoHeaderWithPtsOnly() {
    byte[] b = new byte[20];
    int n = PesHeader.write(b, 3, PesHeader.STREAM_ID_VIDEO, 90_000, 90_000, 1000);
    assertThat(n).isEqualTo(14);
    assertThat(hex(b, 3, 9)).isEqualTo("000001e003f0848005"); // PES_packet_length 1000 + 8 = 0x3f0
    assertThat(PesHeader.readTimestamp(b, 12)).isEqualTo(90_000);
  }

  @Test
  void headerWithPtsAndDtsUsesPrefixes0011And0001() {
    byte[] b = new byte[19];
    int n = PesHeader.write(b, 0, PesHeader.STREAM_ID_VIDEO, 93_000, 90_000, 10);
    assertThat(n).isEqualTo(19);
    assertThat(b[7] & 0xFF).isEqualTo(0xC0);
    assertThat(b[8]).isEqualTo((byte) 10);
    assertThat((b[9] & 0xFF) >> 4).isEqualTo(0b0011);
    assertThat((b[14] & 0xFF) >> 4).isEqualTo(0b0001);
    assertThat(PesHeader.readTimestamp(b, 9)).isEqualTo(93_000);
    assertThat(PesHeader.readTimestamp(b, 14)).isEqualTo(90_000);
    assertThat(((b[4] & 0xFF) << 8) | (b[5] & 0xFF)).isEqualTo(10 + 13);
  }

  @ParameterizedTest(name = "a payload of {0} bytes gives PES_packet_length {1}")
  @CsvSource({"0, 8", "65527, 65535", "65528, 0", "10000000, 0"})
  void pesPacketLengthIsZeroWhenItCannotBeExpressed(int payload, int expected) {
    byte[] b = new byte[14];
    PesHeader.write(b, 0, PesHeader.STREAM_ID_VIDEO, 0, 0, payload);
    assertThat(((b[4] & 0xFF) << 8) | (b[5] & 0xFF)).isEqualTo(expected);
  }

  static String hex(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = off; i < off + len; i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return sb.toString();
  }
}
