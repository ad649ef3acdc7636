package io.roomrecorder.ts.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader never throws, whatever it is fed: random, truncated, mutated, oversized input. */
class TsReaderHostileInputTest {
  static final byte[] CLEAN = TsReaderTest.CLEAN;

  @ParameterizedTest(name = "random bytes with seed {0} are survived")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomBytes(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(188 * 20)];
      random.nextBytes(junk);
      if (random.nextBoolean()) {
        for (int p = 0; p < junk.length; p += 188) {
          junk[p] = 0x47; // in sync, so the packet layer and above get exercised
          if (random.nextInt(4) == 0 && p + 3 < junk.length) {
            junk[p + 1] = (byte) (random.nextBoolean() ? 0x40 : 0x50); // PAT or PMT PID
            junk[p + 2] = 0;
          }
        }
      }
      assertThatCode(() -> TsReader.read(junk)).doesNotThrowAnyException();
    }
  }

  @Test
  void everyTruncation() {
    for (int len = 0; len < CLEAN.length; len += 97) {
      byte[] prefix = Arrays.copyOf(CLEAN, len);
      TsSummary s = TsReader.read(prefix);
      assertThat(s.bytes()).isEqualTo(len);
    }
  }

  @ParameterizedTest(name = "mutations with seed {0} are survived")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void mutatedValidStream(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 60; i++) {
      byte[] ts = CLEAN.clone();
      int mutations = 1 + random.nextInt(50);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(ts.length);
        switch (random.nextInt(3)) {
          case 0 -> ts[at] = (byte) random.nextInt(256);
          case 1 -> ts[at] ^= (byte) (1 << random.nextInt(8));
          default -> ts[at] = (byte) (random.nextBoolean() ? 0 : 0xFF);
        }
      }
      TsReader reader =
          new TsReader(
              (pid, type, pts, b, off, len) -> {
                assertThat(off).isBetween(0, b.length);
                assertThat(off + len).isBetween(off, b.length);
              });
      int p = 0;
      while (p < ts.length) {
        int n = Math.min(ts.length - p, 1 + random.nextInt(1000));
        reader.accept(ts, p, n);
        p += n;
      }
      // a mutation inside slice data is undetectable at this layer; the reader must just survive
      assertThat(reader.finish().bytes()).isEqualTo(ts.length);
    }
  }

  @Test
  void anEndlessPesIsCutAndReported() {
    // one PES that never ends: a start packet then 100 000 continuation packets (18.8 MB)
    TsReader reader = new TsReader();
    reader.accept(CLEAN, 0, 2 * 188); // PAT, PMT
    byte[] packet = new byte[188];
    Arrays.fill(packet, (byte) 0xAB);
    packet[0] = 0x47;
    packet[1] = 0x41; // PUSI, PID 0x100
    packet[2] = 0x00;
    packet[3] = 0x10;
    byte[] header = {0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x84, (byte) 0x80, 5, 0x21, 0, 1, 0, 1};
    System.arraycopy(header, 0, packet, 4, header.length);
    reader.accept(packet, 0, 188);
    packet[1] = 0x01;
    for (int i = 0; i < 100_000; i++) {
      packet[3] = (byte) (0x10 | ((i + 1) & 0x0F));
      reader.accept(packet, 0, 188);
    }
    TsSummary s = reader.finish();
    assertThat(s.problemCount(TsProblem.Kind.MALFORMED_PES)).isEqualTo(1);
  }

  @Test
  void badArgumentsAreAProgrammingError() {
    TsReader reader = new TsReader();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.accept(new byte[10], 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
