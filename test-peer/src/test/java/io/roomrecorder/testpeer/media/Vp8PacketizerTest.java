package io.roomrecorder.testpeer.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;
import io.roomrecorder.rtp.RtpParseStatus;
import io.roomrecorder.rtp.vp8.Vp8Depacketizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp8PacketizerTest {

  static byte[] clip() throws IOException {
    try (InputStream in =
        Vp8PacketizerTest.class.getResourceAsStream(
            "/io/roomrecorder/testpeer/clip/clip-vp8.ivf")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theVp8ClipHasTenSecondsWithAKeyframeEveryTwoSeconds() throws IOException {
    List<byte[]> frames = Ivf.frames(clip());
    assertThat(frames).hasSize(300);
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (Ivf.isVp8Keyframe(frames.get(i))) {
        keys.add(i);
      }
    }
    assertThat(keys).containsExactly(0, 60, 120, 180, 240);
  }

  @Test
  void everyFrameComesBackWholeFromTheRecordersDepacketizer() throws IOException {
    List<byte[]> frames = Ivf.frames(clip());
    List<byte[]> out = new ArrayList<>();
    List<Boolean> keyframes = new ArrayList<>();
    Vp8Depacketizer depacketizer =
        new Vp8Depacketizer(
            new FrameListener() {
              @Override
              public void onFrame(
                  byte[] data, int off, int len, long ts, boolean keyframe, int flags) {
                out.add(Arrays.copyOfRange(data, off, off + len));
                keyframes.add(keyframe);
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                throw new AssertionError("damaged frame at " + ts + ": " + reason);
              }
            });
    Vp8Packetizer packetizer = new Vp8Packetizer(1100, 32_760);
    byte[] packet = new byte[1200];
    RtpPacket view = new RtpPacket();
    int[] seq = {0};
    for (int i = 0; i < frames.size(); i++) {
      long ts = i * 3000L;
      packetizer.packetize(
          frames.get(i),
          (buf, off, len, marker) -> {
            assertThat(len).isLessThanOrEqualTo(1100);
            int h = RtpHeader.write(packet, 0, 96, marker, seq[0]++ & 0xFFFF, ts, 1234, 0, null);
            System.arraycopy(buf, off, packet, h, len);
            assertThat(view.parse(packet, 0, h + len)).isEqualTo(RtpParseStatus.OK);
            view.setExtended(seq[0] - 1, ts);
            depacketizer.handle(view);
          });
    }
    depacketizer.flush();
    assertThat(out).hasSize(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(out.get(i)).as("frame %d", i).isEqualTo(frames.get(i));
      assertThat(keyframes.get(i)).isEqualTo(Ivf.isVp8Keyframe(frames.get(i)));
    }
    assertThat(depacketizer.width()).isEqualTo(640);
    assertThat(depacketizer.height()).isEqualTo(360);
  }
}
