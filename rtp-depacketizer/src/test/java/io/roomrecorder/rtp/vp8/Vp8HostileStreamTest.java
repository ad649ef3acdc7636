package io.roomrecorder.rtp.vp8;

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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A real libvpx stream replayed 100,000+ packets long with payloads mutated and packets lost,
 * reordered and duplicated: every frame none of whose packets was mutated is either reported
 * damaged or emitted byte-identical (never with a piece missing); every packet is accounted for.
 */
class Vp8HostileStreamTest {
  @Test
  void aMutatedLossyReorderedRealStreamNeverCrashesAndIntactFramesStayIntact() throws IOException {
    List<byte[]> frames = Vp8DepacketizerTest.ivfFrames();
    List<byte[]> clip = Vp8DepacketizerTest.packetize(frames, 300, 0);
    Random rnd = new Random(77411);
    Set<Long> mutated = new HashSet<>();
    int[] intact = new int[1];
    int[] other = new int[1];
    Vp8Depacketizer d =
        new Vp8Depacketizer(
            new FrameListener() {
              @Override
              public void onFrame(byte[] b, int off, int len, long ts, boolean key, int flags) {
                long frame = ts / 3000;
                if (!mutated.contains(frame)) {
                  assertThat(Arrays.copyOfRange(b, off, off + len))
                      .as("frame %d", frame)
                      .isEqualTo(frames.get((int) (frame % frames.size())));
                  intact[0]++;
                } else {
                  other[0]++;
                }
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                other[0]++;
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
        view.parse(p, 0, p.length);
        long frame = view.timestamp() / 3000 + (long) loop * frames.size();
        long ts = (frame * 3000) & 0xFFFFFFFFL;
        int s = seq++ & 0xFFFF;
        p[2] = (byte) (s >>> 8);
        p[3] = (byte) s;
        p[4] = (byte) (ts >>> 24);
        p[5] = (byte) (ts >>> 16);
        p[6] = (byte) (ts >>> 8);
        p[7] = (byte) ts;
        int r = rnd.nextInt(100);
        if (r < 3) {
          continue;
        }
        if (r < 8) {
          mutated.add(frame);
          byte[] m = HostileInputTest.mutate(rnd, Arrays.copyOfRange(p, 12, p.length));
          byte[] q = Arrays.copyOf(p, 12 + m.length);
          System.arraycopy(m, 0, q, 12, m.length);
          p = q;
        }
        now += rnd.nextInt(3);
        if (r >= 8 && r < 12 && held == null) {
          held = p;
          continue;
        }
        PacketTrace.pushAndDrain(buffer, p, d, now);
        pushed++;
        if (r >= 12 && r < 14) {
          PacketTrace.pushAndDrain(buffer, p, d, now);
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
    assertThat(other[0]).isPositive();
    assertThat(d.stats().frames() + d.stats().damagedFrames()).isEqualTo(intact[0] + other[0]);
  }
}
