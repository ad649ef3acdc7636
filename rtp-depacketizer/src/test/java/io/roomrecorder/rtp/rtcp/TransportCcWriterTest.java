package io.roomrecorder.rtp.rtcp;

import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcWriterTest {
  @Test
  void aSmallDeltaALossAndALargeDeltaEncodeAsTheDraftDescribes() {
    // packet 100 at 10 × 64 ms + 1 ms (reference 10, delta 4 × 250 µs), 101 lost,
    // 102 100 ms later (400 × 250 µs: a two-byte delta)
    long t0 = 10 * 64_000 + 1_000;
    byte[] out = new byte[64];
    int n =
        RtcpWriter.transportCc(
            out, 3, 1, 0xaaaaaaaaL, 100, new long[] {t0, -1, t0 + 100_000}, 3, 5);
    assertThat(n).isEqualTo(28);
    assertThat(Arrays.copyOfRange(out, 3, 3 + n))
        .isEqualTo(
            hex(
                "af cd 00 06 00 00 00 01 aa aa aa aa"
                    + " 00 64 00 03 00 00 0a 05" // base 100, count 3, reference 10, fb count 5
                    + " d2 00" // status vector, 2-bit: small, not received, large, 4 × unused
                    + " 04 01 90" // deltas: 4, then 400 as two bytes
                    + " 00 00 03")); // padding, count 3, P bit set in the first byte
    RecordingListener l = new RecordingListener();
    assertThat(new RtcpParser().parse(out, 3, n, l)).isEqualTo(RtcpParseStatus.OK);
    assertThat(l.events)
        .containsExactly("TWCC media=aaaaaaaa base=100 count=3 ref=10 fb=5 chunks=5");
  }

  /** Decodes FCI per draft §3.1 (run-length and both status vector forms): arrival per packet. */
  static long[] decode(byte[] b, int off, int len) {
    int count = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    long ref = ((b[off + 4] & 0xFF) << 16) | ((b[off + 5] & 0xFF) << 8) | (b[off + 6] & 0xFF);
    int p = off + 8;
    List<Integer> symbols = new ArrayList<>();
    while (symbols.size() < count) {
      int chunk = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      p += 2;
      if ((chunk & 0x8000) == 0) {
        int s = (chunk >>> 13) & 3;
        for (int i = 0; i < (chunk & 0x1FFF); i++) {
          symbols.add(s);
        }
      } else if ((chunk & 0x4000) == 0) {
        for (int i = 13; i >= 0; i--) {
          symbols.add((chunk >>> i) & 1);
        }
      } else {
        for (int i = 6; i >= 0; i--) {
          symbols.add((chunk >>> (2 * i)) & 3);
        }
      }
    }
    long[] arrival = new long[count];
    long ticks = ref * 256;
    for (int i = 0; i < count; i++) {
      int s = symbols.get(i);
      if (s == 0) {
        arrival[i] = -1;
      } else if (s == 1) {
        ticks += b[p++] & 0xFF;
        arrival[i] = ticks * 250;
      } else {
        ticks += (short) (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
        p += 2;
        arrival[i] = ticks * 250;
      }
    }
    assertThat(p).isLessThanOrEqualTo(off + len);
    return arrival;
  }

  @Test
  void randomFeedbackDecodesBackToTheArrivalTimesIn250MicrosecondUnits() {
    Random rnd = new Random(8888);
    byte[] out = new byte[RtcpWriter.transportCcMaxLength(400) + 7];
    for (int round = 0; round < 500; round++) {
      int count = 1 + rnd.nextInt(400);
      long[] arrivals = new long[count];
      long t = rnd.nextInt(1 << 30) * 250L;
      for (int i = 0; i < count; i++) {
        t += rnd.nextInt(10) == 0 ? -rnd.nextInt(20) * 250L : rnd.nextInt(100) * 250L;
        if (rnd.nextInt(10) == 0) {
          t += 200_000; // a large delta now and then
        }
        arrivals[i] = rnd.nextInt(8) == 0 && i > 0 ? -1 : t;
      }
      int n = RtcpWriter.transportCc(out, 7, 1, 2, rnd.nextInt(65536), arrivals, count, round);
      assertThat(n % 4).isZero();
      assertThat(n).isLessThanOrEqualTo(RtcpWriter.transportCcMaxLength(count));
      RtcpParser parser = new RtcpParser();
      long[][] decoded = new long[1][];
      RtcpListener l =
          new RtcpListener() {
            @Override
            public void onTransportCcFeedback(
                long s,
                long m,
                int base,
                int c,
                int ref,
                int fb,
                byte[] buf,
                int fciOff,
                int fciLen) {
              decoded[0] = decode(buf, fciOff - 8, fciLen + 8);
            }
          };
      assertThat(parser.parse(out, 7, n, l)).isEqualTo(RtcpParseStatus.OK);
      assertThat(decoded[0]).containsExactly(arrivals);
    }
  }

  @Test
  void feedbackWithoutAnyReceivedPacketOrWithAHugeDeltaIsRefused() {
    byte[] out = new byte[64];
    assertThatThrownBy(() -> RtcpWriter.transportCc(out, 0, 1, 2, 0, new long[] {-1, -1}, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one received");
    assertThatThrownBy(
            () -> RtcpWriter.transportCc(out, 0, 1, 2, 0, new long[] {0, 9_000_000}, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("split the feedback");
  }
}
