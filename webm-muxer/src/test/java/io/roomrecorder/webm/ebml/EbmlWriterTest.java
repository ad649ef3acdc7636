package io.roomrecorder.webm.ebml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EbmlWriterTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(EbmlWriter w) {
    return HEX.formatHex(w.toByteArray());
  }

  @ParameterizedTest(name = "ID {0} takes {1} octet(s)")
  @CsvSource({"0xA3, 1", "0x4286, 2", "0x2AD7B1, 3", "0x1A45DFA3, 4"})
  void idWidthFollowsTheMarkerBits(String id, int width) {
    assertThat(EbmlWriter.idWidth(Integer.decode(id))).isEqualTo(width);
  }

  @Test
  void unsignedIntegersUseTheFewestOctetsAndZeroTakesOne() {
    assertThat(hex(new EbmlWriter(8).uint(MatroskaId.EBML_VERSION, 1))).isEqualTo("42868101");
    assertThat(hex(new EbmlWriter(8).uint(MatroskaId.TRACK_TYPE, 0))).isEqualTo("838100");
    assertThat(hex(new EbmlWriter(8).uint(MatroskaId.TIMESTAMP_SCALE, 1_000_000)))
        .isEqualTo("2ad7b1830f4240");
    assertThat(hex(new EbmlWriter(8).uint(MatroskaId.TIMESTAMP, 256))).isEqualTo("e7820100");
  }

  @Test
  void fixedWidthIntegersKeepTheirWidthForPatching() {
    assertThat(hex(new EbmlWriter(8).uintFixed(MatroskaId.PIXEL_WIDTH, 320, 2)))
        .isEqualTo("b0820140");
    assertThat(hex(new EbmlWriter(8).uintFixed(MatroskaId.SEEK_POSITION, 5, 8)))
        .isEqualTo("53ac880000000000000005");
  }

  @Test
  void floatsAreEightOctetDoublesAndStringsAreRawUtf8() {
    assertThat(hex(new EbmlWriter(8).float64(MatroskaId.SAMPLING_FREQUENCY, 48000.0)))
        .isEqualTo("b58840e7700000000000");
    assertThat(hex(new EbmlWriter(8).string(MatroskaId.DOC_TYPE, "webm")))
        .isEqualTo("42828477656" + "26d");
  }

  @Test
  void masterSizeIsWrittenAfterTheChildren() {
    EbmlWriter w = new EbmlWriter(4);
    int m = w.startMaster(MatroskaId.VIDEO);
    w.uintFixed(MatroskaId.PIXEL_WIDTH, 320, 2).uintFixed(MatroskaId.PIXEL_HEIGHT, 180, 2);
    assertThat(w.endMaster(m)).isZero();
    assertThat(hex(w)).isEqualTo("e088" + "b0820140" + "ba8200b4");
  }

  @Test
  void aMasterOfMoreThan126OctetsMovesItsChildrenForAWiderSize() {
    EbmlWriter w = new EbmlWriter(4);
    w.id(MatroskaId.EBML); // something before, which must not move
    int m = w.startMaster(MatroskaId.CODEC_PRIVATE);
    byte[] payload = new byte[200];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    w.bytes(payload, 0, payload.length);
    assertThat(w.endMaster(m)).isEqualTo(1);
    byte[] out = w.toByteArray();
    assertThat(HEX.formatHex(out, 0, 8)).isEqualTo("1a45dfa3" + "63a2" + "40c8"); // size 200
    assertThat(java.util.Arrays.copyOfRange(out, 8, out.length)).isEqualTo(payload);
  }

  @ParameterizedTest(name = "a Void of {0} octets is exactly {0} octets and parses as one element")
  @ValueSource(ints = {2, 3, 11, 128, 129, 130, 200, 1000})
  void voidElementsFillExactlyTheRequestedRoom(int total) {
    EbmlWriter w = new EbmlWriter(4).voidElement(total);
    byte[] out = w.toByteArray();
    assertThat(out).hasSize(total);
    EbmlReader.Header h = EbmlReader.readHeader(out, 0, out.length);
    assertThat(h.id()).isEqualTo(MatroskaId.VOID);
    assertThat(h.headerLength() + h.dataSize()).isEqualTo(total);
  }
}
