package io.roomrecorder.rtp.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.HostileInputTest;
import io.roomrecorder.rtp.PacketTrace;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.RtpPacket;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A real encoder's stream replayed 100,000+ packets long with hostile damage on the way: payloads
 * mutated, packets dropped, duplicated and reordered. Frames made only of intact packets must come
 * out byte-identical; nothing may throw; every packet is accounted for.
 */
class H264HostileStreamTest {
  @Test
  void aMutatedLossyReorderedRealStreamNeverCrashesAndIntactFramesStayIntact() throws IOException {
    List<List<byte[]>> aus = H264DepacketizerTest.accessUnits(H264DepacketizerTest.resource());
    List<byte[]> clip = H264DepacketizerTest.packetize(aus, 400, 0);
    Random rnd = new Random(61840);
    int[] intact = new int[1];
    int[] damagedOrChanged = new int[1];
    byte[][] expected = new byte[aus.size()][];
    for (int f = 0; f < aus.size(); f++) {
      expected[f] = H264DepacketizerTest.annexB(aus.get(f));
    }
    java.util.Set<Long> mutated = new java.util.HashSet<>();
    H264Depacketizer d =
        new H264Depacketizer(
            new FrameListener() {
              @Override
              public void onFrame(byte[] b, int off, int len, long ts, boolean key, int flags) {
                assertThat(Arrays.copyOfRange(b, off, off + 4)).containsExactly(0, 0, 0, 1);
                long frame = (ts - 0xFFFF0000L) / 3000;
                byte[] got = Arrays.copyOfRange(b, off, off + len);
                if (!mutated.contains(frame)) {
                  // no packet of it was mutated: if it is emitted, it is whole (never a lost piece)
                  assertThat(got)
                      .as("frame %d", frame)
                      .isEqualTo(expected[(int) (frame % aus.size())]);
                  intact[0]++;
                } else {
                  damagedOrChanged[0]++;
                }
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                damagedOrChanged[0]++;
              }
            },
            256 * 1024);
    ReorderBuffer buffer =
        new ReorderBuffer(ReorderConfig.builder(90000).holdTimeMs(30).maxPackets(128).build());
    RtpPacket view = new RtpPacket();
    long now = 0;
    int seq = 0;
    int pushed = 0;
    byte[] held = null;
    for (int loop = 0; pushed < 100_000; loop++) {
      for (byte[] original : clip) {
        byte[] p = original.clone();
        // continue sequence numbers and timestamps across loops
        int s = seq++ & 0xFFFF;
        p[2] = (byte) (s >>> 8);
        p[3] = (byte) s;
        view.parse(p, 0, p.length);
        long key =
            ((view.timestamp() - 0xFFFF0000L) & 0xFFFFFFFFL) / 3000 + (long) loop * aus.size();
        long ts = (0xFFFF0000L + key * 3000) & 0xFFFFFFFFL;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        int r = rnd.nextInt(100);
        if (r < 3) {
          continue; // lost
        }
        if (r < 8) {
          mutated.add(key);
          byte[] m = HostileInputTest.mutate(rnd, Arrays.copyOfRange(p, 12, p.length));
          byte[] q = Arrays.copyOf(p, 12 + m.length);
          System.arraycopy(m, 0, q, 12, m.length);
          p = q;
        }
        now += rnd.nextInt(3);
        if (r >= 8 && r < 12 && held == null) {
          held = p; // reordered: sent after the next one
          continue;
        }
        PacketTrace.pushAndDrain(buffer, p, d, now);
        pushed++;
        if (r >= 12 && r < 14) {
          PacketTrace.pushAndDrain(buffer, p, d, now); // duplicated
          pushed++;
        }
        if (held != null) {
          PacketTrace.pushAndDrain(buffer, held, d, now);
          pushed++;
          held = null;
        }
      }
    }
    buffer.endOfStream();
    PacketTrace.drain(buffer, d, now + 1000);
    d.flush();
    assertThat(buffer.stats().received()).isEqualTo(pushed);
    assertThat(buffer.stats().balanced()).isTrue();
    assertThat(d.stats().balanced()).as("%s", d.stats()).isTrue();
    assertThat(intact[0]).isPositive();
    assertThat(damagedOrChanged[0]).isPositive();
    assertThat(d.stats().frames() + d.stats().damagedFrames())
        .isEqualTo(intact[0] + damagedOrChanged[0]);
  }
}
