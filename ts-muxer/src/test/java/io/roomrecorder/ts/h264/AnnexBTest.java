package io.roomrecorder.ts.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnexBTest {
  @ParameterizedTest(name = "in {0} from {1} the next start code is at {2}")
  @CsvSource({
    "000001650000, 0, 0",
    "00000001650000, 0, 1",
    "ff00000165, 0, 1",
    "ff00000165, 2, -1",
    "6500000301000001, 0, 5", // 00 00 03 is emulation prevention, not a start code
    "000002, 0, -1",
    "0000, 0, -1",
    "'', 0, -1",
    "aabbccdd00000109, 0, 4"
  })
  void findsTheNextStartCode(String hex, int from, int expected) {
    byte[] b = HexFormat.of().parseHex(hex);
    assertThat(AnnexB.findStartCode(b, from, b.length)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} begins with a start code of {1} bytes")
  @CsvSource({"00000109, 3", "0000000109, 4", "000000000109, 0", "0109, 0", "00000009, 0"})
  void measuresTheLeadingStartCode(String hex, int expected) {
    byte[] b = HexFormat.of().parseHex(hex);
    assertThat(AnnexB.startCodeLength(b, 0, b.length)).isEqualTo(expected);
  }
}
