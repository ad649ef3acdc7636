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
  void manyStreamsWithEndlessPesShareOneMemoryBudget() {
    int streams = 12;
    byte[] section = new byte[12 + streams * 5 + 4];
    section[0] = 0x02;
    int length = section.length - 3;
    section[1] = (byte) (0xB0 | length >> 8);
    section[2] = (byte) length;
    section[3] = 0;
    section[4] = 1;
    section[5] = (byte) 0xC1;
    section[8] = (byte) 0xE2; // PCR PID 0x200
    section[9] = 0x00;
    section[10] = (byte) 0xF0;
    for (int i = 0; i < streams; i++) {
      int e = 12 + i * 5;
      section[e] = 0x1B;
      section[e + 1] = (byte) 0xE2;
      section[e + 2] = (byte) i;
      section[e + 3] = (byte) 0xF0;
    }
    int crc = io.roomrecorder.ts.Crc32Mpeg2.compute(section, 0, section.length - 4);
    for (int k = 0; k < 4; k++) {
      section[section.length - 4 + k] = (byte) (crc >>> (24 - 8 * k));
    }
    byte[] pmt = new byte[188];
    Arrays.fill(pmt, (byte) 0xFF);
    pmt[0] = 0x47;
    pmt[1] = 0x50; // PUSI, PID 0x1000
    pmt[2] = 0x00;
    pmt[3] = 0x10;
    pmt[4] = 0;
    System.arraycopy(section, 0, pmt, 5, section.length);
    TsReader reader = new TsReader();
    reader.accept(CLEAN, 0, 188); // PAT pointing at PID 0x1000
    reader.accept(pmt, 0, 188);
    byte[] packet = new byte[188];
    Arrays.fill(packet, (byte) 0xAB);
    packet[0] = 0x47;
    byte[] header = {0, 0, 1, (byte) 0xE0, 0, 0, (byte) 0x84, (byte) 0x80, 5, 0x21, 0, 1, 0, 1};
    for (int i = 0; i < 25_000; i++) {
      for (int s = 0; s < streams; s++) {
        packet[1] = (byte) ((i == 0 ? 0x40 : 0) | 0x02);
        packet[2] = (byte) s;
        packet[3] = (byte) (0x10 | (i & 0x0F));
        if (i == 0) {
          System.arraycopy(header, 0, packet, 4, header.length);
        } else {
          Arrays.fill(packet, 4, 4 + header.length, (byte) 0xAB);
        }
        reader.accept(packet, 0, 188);
      }
    }
    TsSummary summary = reader.finish();
    assertThat(summary.streams()).hasSize(streams);
    // 12 x 4.6 MB do not fit into the 40 MiB budget: some PES are cut and reported
    assertThat(summary.problemCount(TsProblem.Kind.MALFORMED_PES)).isPositive();
  }

  @Test
  void badArgumentsAreAProgrammingError() {
    TsReader reader = new TsReader();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.accept(new byte[10], 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
