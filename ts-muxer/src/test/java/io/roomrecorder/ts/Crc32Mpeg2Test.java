package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32Mpeg2Test {
  @Test
  void checkValueOf123456789Is0x0376E6E7() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc32Mpeg2.compute(check, 0, check.length)).isEqualTo(0x0376E6E7);
  }

  @Test
  void checkValueIsTheSameInsideABiggerBufferWithJunkAround() {
    byte[] buf = new byte[40];
    java.util.Arrays.fill(buf, (byte) 0xA5);
    System.arraycopy("123456789".getBytes(StandardCharsets.US_ASCII), 0, buf, 17, 9);
    assertThat(Crc32Mpeg2.compute(buf, 17, 9)).isEqualTo(0x0376E6E7);
  }

  @Test
  void aSectionFollowedByItsOwnCrcChecksToZero() {
    byte[] pat = ProgramTables.patSection();
    assertThat(Crc32Mpeg2.compute(pat, 0, pat.length)).isZero();
    pat[9] ^= 1;
    assertThat(Crc32Mpeg2.compute(pat, 0, pat.length)).isNotZero();
  }

  @Test
  void emptyInputGivesTheInitialValue() {
    assertThat(Crc32Mpeg2.compute(new byte[0], 0, 0)).isEqualTo(0xFFFFFFFF);
  }
}
