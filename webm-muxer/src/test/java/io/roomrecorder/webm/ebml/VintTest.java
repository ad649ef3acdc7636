package io.roomrecorder.webm.ebml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VintTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest(name = "{0} is written in {1} octet(s) as {2}")
  @CsvSource({
    "0, 1, 80",
    "1, 1, 81",
    "126, 1, fe", // 2^7-2: the largest 1-octet value; 127 would be all ones (reserved)
    "127, 2, 407f",
    "16382, 2, 7ffe", // 2^14-2
    "16383, 3, 203fff",
    "2097150, 3, 3ffffe", // 2^21-2
    "2097151, 4, 101fffff",
    "268435454, 4, 1ffffffe", // 2^28-2
    "268435455, 5, 080fffffff",
    "72057594037927934, 8, 01fffffffffffffe" // 2^56-2, the largest known 8-octet value
  })
  void minimalWidthNeverProducesTheReservedAllOnesValue(long value, int width, String hex) {
    assertThat(Vint.widthOf(value)).isEqualTo(width);
    byte[] buf = new byte[8];
    assertThat(Vint.write(buf, 0, value, width)).isEqualTo(width);
    assertThat(HEX.formatHex(buf, 0, width)).isEqualTo(hex);
  }

  @ParameterizedTest(name = "value {0} round-trips at width {1} (a non-minimal width is valid)")
  @CsvSource({"0, 8", "5, 4", "126, 1", "127, 2", "1000000, 8", "72057594037927934, 8"})
  void roundTripAtAnyWideEnoughWidthAndAtAnOffsetWithJunkAround(long value, int width) {
    byte[] buf = new byte[20];
    java.util.Arrays.fill(buf, (byte) 0xFF); // junk that would read as "unknown" if overrun
    int end = Vint.write(buf, 7, value, width);
    assertThat(end).isEqualTo(7 + width);
    assertThat(Vint.width(buf[7])).isEqualTo(width);
    assertThat(Vint.readValue(buf, 7, end)).isEqualTo(value);
  }

  @ParameterizedTest(name = "the unknown size of width {0} is {1}")
  @CsvSource({"1, ff", "2, 7fff", "4, 1fffffff", "8, 01ffffffffffffff"})
  void unknownSizeIsAllOnesAndReadsAsUnknown(int width, String hex) {
    byte[] buf = new byte[10];
    assertThat(Vint.writeUnknown(buf, 1, width)).isEqualTo(1 + width);
    assertThat(HEX.formatHex(buf, 1, 1 + width)).isEqualTo(hex);
    assertThat(Vint.readValue(buf, 1, 1 + width)).isEqualTo(Vint.UNKNOWN);
  }

  @Test
  void valuesThatDoNotFitTheWidthAreRefused() {
    byte[] buf = new byte[8];
    assertThatThrownBy(() -> Vint.write(buf, 0, 127, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Vint.write(buf, 0, -1, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Vint.widthOf(Vint.MAX_VALUE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Vint.write(buf, 0, 1, 9)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedAndTruncatedInputReadsAsMalformedNotAnException() {
    byte[] zero = {0x00, 0x01};
    assertThat(Vint.readValue(zero, 0, 2)).isEqualTo(Vint.MALFORMED); // more than 8 zero bits
    byte[] truncated = {0x40}; // announces 2 octets, has 1
    assertThat(Vint.readValue(truncated, 0, 1)).isEqualTo(Vint.MALFORMED);
    byte[] ok = {(byte) 0x82, 0x40, 0x01};
    assertThat(Vint.readValue(ok, 1, 2)).isEqualTo(Vint.MALFORMED); // view ends inside the VINT
    assertThat(Vint.readValue(ok, 3, 3)).isEqualTo(Vint.MALFORMED);
    assertThat(Vint.readValue(ok, -1, 3)).isEqualTo(Vint.MALFORMED);
    assertThat(Vint.readValue(ok, 0, 4)).isEqualTo(Vint.MALFORMED); // end beyond the array
  }
}
