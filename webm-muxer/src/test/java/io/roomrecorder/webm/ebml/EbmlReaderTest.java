package io.roomrecorder.webm.ebml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Element headers, including hostile input: random, truncated and mutated bytes. */
class EbmlReaderTest {

  @Test
  void readsIdSizeAndHeaderLengthAtAnOffsetWithJunkAround() {
    byte[] buf = {
      (byte) 0xEE, (byte) 0xEE, 0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x77
    };
    EbmlReader.Header h = EbmlReader.readHeader(buf, 2, 7);
    assertThat(h).isEqualTo(new EbmlReader.Header(MatroskaId.EBML, 31, 5));
  }

  @Test
  void theEightOctetAllOnesSizeIsUnknown() {
    byte[] buf = {0x1F, 0x43, (byte) 0xB6, 0x75, 0x01, -1, -1, -1, -1, -1, -1, -1};
    EbmlReader.Header h = EbmlReader.readHeader(buf, 0, buf.length);
    assertThat(h.id()).isEqualTo(MatroskaId.CLUSTER);
    assertThat(h.unknownSize()).isTrue();
    assertThat(h.headerLength()).isEqualTo(12);
  }

  @Test
  void malformedHeadersAreNull() {
    assertThat(EbmlReader.readHeader(new byte[] {0x00, (byte) 0x81}, 0, 2)).isNull(); // ID > 8
    assertThat(EbmlReader.readHeader(new byte[] {0x08, 1, 1, 1, 1, (byte) 0x81}, 0, 6))
        .isNull(); // 5-octet ID: beyond EBMLMaxIDLength 4
    assertThat(EbmlReader.readHeader(new byte[] {(byte) 0xFF, (byte) 0x81}, 0, 2))
        .isNull(); // all-ones ID is reserved
    assertThat(EbmlReader.readHeader(new byte[] {(byte) 0xA3, 0x00}, 0, 2)).isNull(); // bad size
    assertThat(EbmlReader.readHeader(new byte[] {(byte) 0xA3}, 0, 1)).isNull(); // no size
    assertThat(EbmlReader.readHeader(new byte[] {0x1A, 0x45}, 0, 2)).isNull(); // truncated ID
    assertThat(EbmlReader.readHeader(null, 0, 0)).isNull();
    assertThat(EbmlReader.readHeader(new byte[4], 0, 5)).isNull();
  }

  @Test
  void everyTruncationOfAValidHeaderIsNullNeverAnException() {
    EbmlWriter w = new EbmlWriter(16);
    w.id(MatroskaId.SEGMENT).unknownSize();
    byte[] valid = w.toByteArray();
    for (int len = 0; len < valid.length; len++) {
      assertThat(EbmlReader.readHeader(Arrays.copyOf(valid, len), 0, len)).isNull();
    }
    assertThat(EbmlReader.readHeader(valid, 0, valid.length)).isNotNull();
  }

  @Test
  void randomAndMutatedBytesNeverThrowAndNeverReadOutsideTheView() {
    Random random = new Random(20261121);
    EbmlWriter w = new EbmlWriter(16);
    w.uint(MatroskaId.TIMESTAMP_SCALE, 1_000_000);
    byte[] valid = w.toByteArray();
    for (int i = 0; i < 100_000; i++) {
      byte[] buf;
      if (i % 2 == 0) {
        buf = new byte[random.nextInt(16)];
        random.nextBytes(buf);
      } else {
        buf = valid.clone();
        buf[random.nextInt(buf.length)] ^= (byte) (1 << random.nextInt(8));
      }
      int off = buf.length == 0 ? 0 : random.nextInt(buf.length);
      int end = off + (buf.length == off ? 0 : random.nextInt(buf.length - off + 1));
      byte[] input = buf;
      assertThatCode(
              () -> {
                EbmlReader.Header h = EbmlReader.readHeader(input, off, end);
                if (h != null) {
                  assertThat(h.headerLength()).isBetween(2, 12).isLessThanOrEqualTo(end - off);
                }
              })
          .doesNotThrowAnyException();
    }
  }
}
