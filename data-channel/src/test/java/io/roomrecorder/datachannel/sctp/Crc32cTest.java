package io.roomrecorder.datachannel.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Crc32cTest {
  private final Crc32c crc = new Crc32c();

  /** RFC 3720 §B.4 (the CRC32c SCTP uses, RFC 9260 Appendix B) and the common check value. */
  static Stream<Arguments> rfc3720Vectors() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      ones[i] = (byte) 0xFF;
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    return Stream.of(
        Arguments.of("32 bytes of zeros give 0x8A9136AA", zeros, 0x8A9136AA),
        Arguments.of("32 bytes of 0xFF give 0x62A8AB43", ones, 0x62A8AB43),
        Arguments.of("32 incrementing bytes give 0x46DD794E", up, 0x46DD794E),
        Arguments.of("32 decrementing bytes give 0x113FDB5C", down, 0x113FDB5C),
        Arguments.of(
            "the ASCII check string 123456789 gives 0xE3069283",
            "123456789".getBytes(StandardCharsets.US_ASCII),
            0xE3069283));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc3720Vectors")
  void crc32cMatchesPublishedVectors(String name, byte[] data, int expected) {
    assertThat(crc.compute(data, 0, data.length)).isEqualTo(expected);
    assertThat(bitwiseReference(data, 0, data.length)).isEqualTo(expected);
    // Also at a non-zero offset with junk around the view.
    byte[] framed = new byte[data.length + 11];
    new Random(1).nextBytes(framed);
    System.arraycopy(data, 0, framed, 7, data.length);
    assertThat(crc.compute(framed, 7, data.length)).isEqualTo(expected);
  }

  @Test
  void theChecksumIsStoredLeastSignificantByteFirstAndCoversTheZeroedField() {
    byte[] junk = new byte[64];
    new Random(2).nextBytes(junk);
    int off = 5;
    int len = 40;
    crc.seal(junk, off, len);
    assertThat(crc.verify(junk, off, len)).isTrue();
    byte[] copy = junk.clone();
    for (int i = 0; i < 4; i++) {
      copy[off + 8 + i] = 0;
    }
    int expected = bitwiseReference(copy, off, len);
    assertThat(junk[off + 8] & 0xFF).isEqualTo(expected & 0xFF);
    assertThat(junk[off + 11] & 0xFF).isEqualTo(expected >>> 24);
    junk[off + 20] ^= 1;
    assertThat(crc.verify(junk, off, len)).isFalse();
  }

  /** Straight from the definition: reflected polynomial 0x82F63B78, init and xorout 0xFFFFFFFF. */
  private static int bitwiseReference(byte[] b, int off, int len) {
    int c = 0xFFFFFFFF;
    for (int i = off; i < off + len; i++) {
      c ^= b[i] & 0xFF;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
      }
    }
    return ~c;
  }
}
