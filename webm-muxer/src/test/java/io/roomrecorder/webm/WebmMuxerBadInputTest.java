package io.roomrecorder.webm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import io.roomrecorder.webm.testing.Vp8Frames;
import io.roomrecorder.webm.testing.WebmTree;
import io.roomrecorder.webm.testing.WebmTree.Block;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad frames are dropped and counted; caller bugs throw; the file stays well-formed. */
class WebmMuxerBadInputTest {
  private static final long MS = 90;
  private static final long HOUR = 3600_000 * MS;

  private final InMemoryWebmSink sink = new InMemoryWebmSink();
  private final WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), sink);
  private final byte[] key = Vp8Frames.keyframe(320, 180, 200);
  private final byte[] inter = Vp8Frames.interframe(80);
  private final byte[] opus = Vp8Frames.opus20ms(60);

  private List<Block> blocks() {
    return WebmTree.parse(sink.toByteArray()).blocks();
  }

  @Test
  void emptyAndOversizedFramesAreDroppedAndCounted() {
    assertThat(muxer.writeVideo(new byte[5], 2, 0, 0, true)).isFalse();
    assertThat(muxer.writeAudio(new byte[5], 5, 0, 0)).isFalse();
    byte[] huge = Vp8Frames.keyframe(320, 180, WebmMuxerConfig.DEFAULT_MAX_FRAME_SIZE + 1);
    assertThat(muxer.writeVideo(huge, 0, huge.length, 0, true)).isFalse();
    assertThat(muxer.writeVideo(huge, 0, huge.length - 1, 0, true)).isTrue(); // exactly 10 MiB
    WebmMuxerStats s = muxer.stats();
    assertThat(s.dropped(DropReason.EMPTY)).isEqualTo(2);
    assertThat(s.dropped(DropReason.OVERSIZED)).isEqualTo(1);
    assertThat(s.videoFramesIn()).isEqualTo(3);
    assertThat(s.videoFramesOut()).isEqualTo(1);
  }

  @Test
  void malformedVp8AndOpusAreDroppedAndCounted() {
    byte[] noStartCode = key.clone();
    noStartCode[3] = 0;
    assertThat(muxer.writeVideo(noStartCode, 0, noStartCode.length, 0, true)).isFalse();
    assertThat(muxer.writeVideo(new byte[] {1, 2}, 0, 2, 0, false)).isFalse();
    assertThat(muxer.writeAudio(new byte[] {(byte) 0xFF, 0x00}, 0, 2, 0)).isFalse(); // 0 frames
    WebmMuxerStats s = muxer.stats();
    assertThat(s.dropped(DropReason.MALFORMED_VP8_FRAME)).isEqualTo(2);
    assertThat(s.dropped(DropReason.MALFORMED_OPUS_PACKET)).isEqualTo(1);
    assertThat(s.bytesWritten()).isZero(); // nothing valid yet: not even a header
  }

  @Test
  void videoWaitsForAKeyFrameWhileAudioIsWritten() {
    assertThat(muxer.writeAudio(opus, 0, opus.length, 0)).isTrue();
    assertThat(muxer.writeVideo(inter, 0, inter.length, 10 * MS, false)).isFalse();
    assertThat(muxer.writeVideo(key, 0, key.length, 43 * MS, true)).isTrue();
    assertThat(muxer.writeVideo(inter, 0, inter.length, 76 * MS, false)).isTrue();
    assertThat(muxer.stats().dropped(DropReason.WAITING_FOR_KEYFRAME)).isEqualTo(1);
    muxer.close();
    assertThat(blocks()).extracting(Block::timestampMs).containsExactly(0L, 43L, 76L);
  }

  @Test
  void theFrameHeaderDecidesWhatAKeyFrameIsAndDisagreementsAreCounted() {
    assertThat(muxer.writeVideo(key, 0, key.length, 0, false)).isTrue(); // caller unsure
    assertThat(muxer.writeVideo(inter, 0, inter.length, 33 * MS, true)).isTrue(); // caller wrong
    muxer.close();
    assertThat(muxer.stats().keyframeFlagMismatches()).isEqualTo(2);
    assertThat(blocks()).extracting(Block::keyframe).containsExactly(true, false);
    assertThat(muxer.stats().clusters()).isEqualTo(1); // the "key" interframe opened nothing
  }

  @Test
  void duplicateAndBackwardTimestampsAreDroppedPerTrack() {
    muxer.writeVideo(key, 0, key.length, 1000 * MS, true);
    muxer.writeAudio(opus, 0, opus.length, 1000 * MS);
    assertThat(muxer.writeVideo(inter, 0, inter.length, 1000 * MS, false)).isFalse(); // duplicate
    assertThat(muxer.writeVideo(inter, 0, inter.length, 1000 * MS + 45, false)).isFalse(); // 0.5 ms
    assertThat(muxer.writeVideo(inter, 0, inter.length, 900 * MS, false)).isFalse(); // backwards
    assertThat(muxer.writeAudio(opus, 0, opus.length, 980 * MS)).isFalse();
    assertThat(muxer.writeAudio(opus, 0, opus.length, 1020 * MS)).isTrue();
    assertThat(muxer.stats().dropped(DropReason.TIMESTAMP_NOT_INCREASING)).isEqualTo(4);
  }

  @Test
  void timestampsBeyondTwoToTheSixtyAreOutOfRange() {
    assertThat(muxer.writeVideo(key, 0, key.length, Long.MAX_VALUE, true)).isFalse();
    assertThat(muxer.writeAudio(opus, 0, opus.length, Long.MIN_VALUE)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.TIMESTAMP_OUT_OF_RANGE)).isEqualTo(2);
    assertThat(muxer.writeVideo(key, 0, key.length, (1L << 60) - 1000 * MS, true)).isTrue();
    assertThat(muxer.writeAudio(opus, 0, opus.length, (1L << 60) - 980 * MS)).isTrue();
  }

  @Test
  void aClockJumpOfHoursForwardOrBackIsRebasedSoTheFileHasNoHole() {
    long t = 0;
    for (int i = 0; i < 50; i++, t += 20 * MS) { // 1 s of audio and video
      muxer.writeAudio(opus, 0, opus.length, t);
      byte[] f = i == 0 ? key : inter;
      muxer.writeVideo(f, 0, f.length, t + 5 * MS, i == 0);
    }
    t += 3 * HOUR; // the shared clock jumps three hours ahead
    for (int i = 0; i < 50; i++, t += 20 * MS) {
      assertThat(muxer.writeAudio(opus, 0, opus.length, t)).isTrue();
      assertThat(muxer.writeVideo(inter, 0, inter.length, t + 5 * MS, false)).isTrue();
    }
    t -= 5 * HOUR; // and two hours behind where it started
    for (int i = 0; i < 50; i++, t += 20 * MS) {
      assertThat(muxer.writeAudio(opus, 0, opus.length, t)).isTrue();
      assertThat(muxer.writeVideo(inter, 0, inter.length, t + 5 * MS, false)).isTrue();
    }
    muxer.close();
    WebmMuxerStats s = muxer.stats();
    assertThat(s.timestampDiscontinuities()).isEqualTo(2);
    assertThat(s.droppedTotal()).isZero();
    assertThat(s.durationMs()).isBetween(2990L, 3010L); // 3 s of media, not hours
    long previousAudio = -1;
    for (Block b : blocks()) {
      if (b.track() == 2) {
        assertThat(b.timestampMs()).isGreaterThan(previousAudio).isLessThan(previousAudio + 30);
        previousAudio = b.timestampMs();
      }
    }
  }

  @Test
  void aSecondTrackStampedBeforeTimeZeroIsClampedToZero() {
    muxer.writeAudio(opus, 0, opus.length, 10_000);
    assertThat(muxer.writeVideo(key, 0, key.length, 9_000, true)).isTrue();
    assertThat(muxer.stats().clampedTimestamps()).isEqualTo(1);
    muxer.close();
    assertThat(blocks()).extracting(Block::timestampMs).containsExactly(0L, 0L);
  }

  @Test
  void callerBugsThrowWithAClearMessage() {
    WebmMuxer audioOnly = new WebmMuxer(WebmMuxerConfig.audioOnly(2), new InMemoryWebmSink());
    assertThatThrownBy(() -> audioOnly.writeVideo(key, 0, key.length, 0, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no video track");
    assertThatThrownBy(() -> muxer.writeVideo(key, 5, key.length, 0, true))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> muxer.writeAudio(opus, -1, 3, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    muxer.close();
    muxer.close(); // idempotent
    muxer.flush(); // a no-op once closed
    assertThatThrownBy(() -> muxer.writeAudio(opus, 0, opus.length, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> WebmMuxerConfig.videoOnly(0, 180))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebmMuxerConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebmMuxerConfig.audioOnly(3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailingSinkFailsTheMuxerAndCloseStillClosesTheSink() {
    int[] closes = {0};
    WebmSink failing =
        new WebmSink() {
          int writes;

          @Override
          public void write(byte[] buf, int off, int len) {
            if (++writes == 3) {
              throw new UncheckedIOException(new java.io.IOException("disk full"));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {
            closes[0]++;
          }
        };
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.videoOnly(320, 180), failing);
    // header, Cluster, then the block header fails: the sink's exception reaches the caller
    assertThatThrownBy(() -> m.writeVideo(key, 0, key.length, 0, true))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(m.stats().videoFramesOut()).isZero();
    assertThatThrownBy(() -> m.writeVideo(inter, 0, inter.length, 3000, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sink threw");
    m.close();
    m.close();
    assertThat(closes[0]).isEqualTo(1);
  }

  @Test
  void closeClosesTheSinkOnceAfterTheFinalFlush() {
    List<String> calls = new ArrayList<>();
    WebmSink recording =
        new WebmSink() {
          @Override
          public void write(byte[] buf, int off, int len) {
            calls.add("write");
          }

          @Override
          public void flush() {
            calls.add("flush");
          }

          @Override
          public void close() {
            calls.add("close");
          }
        };
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.audioOnly(2), recording);
    m.writeAudio(opus, 0, opus.length, 0);
    m.close();
    m.close();
    assertThat(calls.subList(calls.size() - 2, calls.size())).containsExactly("flush", "close");
    assertThat(calls.stream().filter("close"::equals).count()).isEqualTo(1);
  }

  /**
   * Hostile input: random bytes, truncated and bit-flipped real frames, zero and huge lengths,
   * random, repeated, backward and hour-long timestamp steps. Nothing throws, every frame is either
   * written or counted, and the file stays a well-formed WebM whose blocks keep the invariants
   * (per-track increasing times, first video block a key frame).
   */
  @Test
  void randomTruncatedAndMutatedFramesWithHostileTimestampsNeverBreakTheFile() {
    Random random = new Random(9559);
    List<Frame> video = Samples.vp8Small();
    List<Frame> audio = Samples.opus();
    long t = 0;
    for (int i = 0; i < 20_000; i++) {
      int step = random.nextInt(100);
      t +=
          step < 80
              ? random.nextInt(3000)
              : step < 90 ? -random.nextInt(100_000) : step < 95 ? 0 : random.nextLong() >> 20;
      boolean isVideo = random.nextBoolean();
      Frame source =
          isVideo
              ? video.get(random.nextInt(video.size()))
              : audio.get(random.nextInt(audio.size()));
      byte[] data;
      int kind = random.nextInt(4);
      if (kind == 0) {
        data = new byte[random.nextInt(64)];
        random.nextBytes(data);
      } else if (kind == 1) {
        data = java.util.Arrays.copyOf(source.data(), random.nextInt(source.data().length + 1));
      } else if (kind == 2) {
        data = source.data().clone();
        for (int flips = random.nextInt(4); flips >= 0; flips--) {
          data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
        }
      } else {
        data = source.data();
      }
      byte[] buf = new byte[data.length + 8];
      random.nextBytes(buf);
      System.arraycopy(data, 0, buf, 4, data.length);
      if (isVideo) {
        muxer.writeVideo(buf, 4, data.length, t, random.nextBoolean());
      } else {
        muxer.writeAudio(buf, 4, data.length, t);
      }
    }
    muxer.close();
    WebmMuxerStats s = muxer.stats();
    assertThat(s.videoFramesIn() + s.audioPacketsIn()).isEqualTo(20_000);
    assertThat(s.videoFramesOut() + s.audioPacketsOut() + s.droppedTotal()).isEqualTo(20_000);
    assertThat(s.videoFramesOut()).isPositive();
    assertThat(s.audioPacketsOut()).isPositive();

    List<Block> blocks = blocks();
    assertThat(blocks).hasSize((int) (s.videoFramesOut() + s.audioPacketsOut()));
    Map<Integer, Long> last = new HashMap<>();
    for (Block b : blocks) {
      Long previous = last.put(b.track(), b.timestampMs());
      if (previous != null) {
        assertThat(b.timestampMs()).isGreaterThan(previous);
      } else if (b.track() == 1) {
        assertThat(b.keyframe()).isTrue();
      }
      assertThat(b.timestampMs()).isNotNegative();
    }
  }
}
