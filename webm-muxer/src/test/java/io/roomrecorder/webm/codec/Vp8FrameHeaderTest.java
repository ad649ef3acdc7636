package io.roomrecorder.webm.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import io.roomrecorder.webm.testing.Vp8Frames;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Vp8FrameHeaderTest {
  private final Vp8FrameHeader header = new Vp8FrameHeader();

  private static byte[] atOffset(byte[] frame, int offset) {
    byte[] buf = new byte[frame.length + offset + 5];
    java.util.Arrays.fill(buf, (byte) 0xEE);
    System.arraycopy(frame, 0, buf, offset, frame.length);
    return buf;
  }

  @Test
  void keyFrameGivesItsSizeAtAnOffsetWithJunkAround() {
    byte[] buf = atOffset(Vp8Frames.keyframe(640, 360, 100), 9);
    assertThat(header.parse(buf, 9, 100)).isTrue();
    assertThat(header.keyframe()).isTrue();
    assertThat(header.showFrame()).isTrue();
    assertThat(header.width()).isEqualTo(640);
    assertThat(header.height()).isEqualTo(360);
    assertThat(header.firstPartitionSize()).isEqualTo(90);
  }

  @Test
  void theScaleBitsAreNotPartOfTheSize() {
    byte[] f = Vp8Frames.keyframe(1280, 720, 20);
    f[7] |= (byte) 0xC0; // horizontal_scale 3
    f[9] |= (byte) 0x40; // vertical_scale 1
    assertThat(header.parse(f, 0, f.length)).isTrue();
    assertThat(header.width()).isEqualTo(1280);
    assertThat(header.height()).isEqualTo(720);
  }

  @Test
  void interframeHasNoSize() {
    byte[] buf = atOffset(Vp8Frames.interframe(50), 3);
    assertThat(header.parse(buf, 3, 50)).isTrue();
    assertThat(header.keyframe()).isFalse();
    assertThat(header.width()).isZero();
  }

  @Test
  void everyFrameOfTheLibvpxSampleParsesAndKeyFramesMatchTheIvfSize() {
    List<Frame> frames = Samples.vp8Small();
    int keys = 0;
    for (Frame f : frames) {
      assertThat(header.parse(f.data(), 0, f.data().length)).isTrue();
      assertThat(header.keyframe()).isEqualTo(f.keyframe());
      if (header.keyframe()) {
        keys++;
        assertThat(header.width()).isEqualTo(320);
        assertThat(header.height()).isEqualTo(180);
      }
    }
    assertThat(keys).isEqualTo(2);
  }

  @Test
  void brokenHeadersAreRejected() {
    byte[] key = Vp8Frames.keyframe(320, 180, 40);
    byte[] noStartCode = key.clone();
    noStartCode[4] = 0x02;
    assertThat(header.parse(noStartCode, 0, 40)).isFalse();
    assertThat(header.parse(key, 0, 9)).isFalse(); // key frame header truncated
    assertThat(header.parse(key, 0, 2)).isFalse(); // frame tag truncated
    byte[] zeroWidth = Vp8Frames.keyframe(0, 180, 40);
    assertThat(header.parse(zeroWidth, 0, 40)).isFalse();
    byte[] version7 = Vp8Frames.interframe(40);
    version7[0] |= 0x0E;
    assertThat(header.parse(version7, 0, 40)).isFalse();
    byte[] longPartition = Vp8Frames.interframe(40);
    assertThat(header.parse(longPartition, 0, 39)).isFalse(); // partition 37 > 36 left
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(7741);
    for (int i = 0; i < 100_000; i++) {
      byte[] buf = new byte[random.nextInt(24)];
      random.nextBytes(buf);
      int off = buf.length == 0 ? 0 : random.nextInt(buf.length);
      boolean ok = header.parse(buf, off, buf.length - off);
      if (ok && header.keyframe()) {
        assertThat(header.width()).isBetween(1, 0x3FFF);
      }
    }
  }
}
