package io.roomrecorder.webm.reader;

import static io.roomrecorder.webm.reader.WebmBuilder.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.ebml.EbmlWriter;
import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.ebml.Vint;
import io.roomrecorder.webm.reader.WebmProblem.Kind;
import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Vp8Frames;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No input makes the reader throw; every damaged input is reported, and memory stays bounded. */
class WebmReaderHostileInputTest {

  /** A small but complete recording: 6 VP8 frames, 10 Opus packets, finalized with Cues. */
  private static byte[] smallFile() {
    List<Frame> video = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] f = i % 3 == 0 ? Vp8Frames.keyframe(64, 48, 40) : Vp8Frames.interframe(20);
      video.add(new Frame(f, i * 3000L, i % 3 == 0));
    }
    List<Frame> audio = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      audio.add(new Frame(Vp8Frames.opus20ms(12), i * 1800L, true));
    }
    return WebmReaderRoundTripTest.mux(
        WebmMuxerConfig.videoAndAudio(64, 48, 2), true, video, audio);
  }

  @Test
  void theSmallFileIsCleanToBeginWith() {
    WebmSummary s = WebmReader.read(smallFile());

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.track("V_VP8").frames()).isEqualTo(6);
    assertThat(s.track("A_OPUS").frames()).isEqualTo(10);
  }

  @Test
  void everyTruncationLengthIsReadWithoutThrowingAndNeverCountsMore() {
    byte[] file = smallFile();
    long previousFrames = 0;
    for (int len = 0; len <= file.length; len++) {
      WebmSummary s = WebmReader.read(file, 0, len);

      assertThat(s.bytes()).isEqualTo(len);
      assertThat(s.frames()).as("length %d", len).isBetween(previousFrames, 16L);
      previousFrames = s.frames();
      if (len < file.length) {
        // The file is finalized (known sizes), so every cut is seen: a problem, or a note when
        // it falls in the last Cluster.
        assertThat(!s.clean() || !s.notes().isEmpty()).as("length %d", len).isTrue();
      }
    }
    assertThat(previousFrames).isEqualTo(16);
  }

  @ParameterizedTest(name = "random bytes (seed {0}) are read without throwing and reported")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomBytes(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[r.nextInt(4096)];
      r.nextBytes(junk);
      if (i % 2 == 0 && junk.length >= 4) {
        System.arraycopy(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, 0, junk, 0, 4);
      }
      WebmSummary s = WebmReader.read(junk);

      assertThat(s.clean()).isFalse();
      assertThat(s.bytes()).isEqualTo(junk.length);
    }
  }

  @Test
  void byteMutationsOfAValidFileNeverThrow() {
    byte[] file = smallFile();
    Random r = new Random(42);
    int reported = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] m = file.clone();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      }
      WebmSummary s = WebmReader.read(m);

      assertThat(s.bytes()).isEqualTo(m.length);
      // a block has at least 4 octets of header (a mutated lacing flag may multiply its frames)
      assertThat(s.tracks().stream().mapToLong(WebmTrackSummary::blocks).sum())
          .isLessThanOrEqualTo(m.length / 4);
      assertThat(s.describe()).isNotEmpty();
      reported += s.clean() ? 0 : 1;
    }
    assertThat(reported).isPositive(); // many mutations land in frame data and stay clean
  }

  @Test
  void everySingleByteFlipOfTheHeadersNeverThrows() {
    byte[] file = smallFile();
    for (int pos = 0; pos < Math.min(file.length, 400); pos++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] m = file.clone();
        m[pos] ^= (byte) (1 << bit);
        assertThat(WebmReader.read(m).bytes()).isEqualTo(m.length);
      }
    }
  }

  @Test
  void hugeDeclaredSizesAreReportedNotAllocated() {
    EbmlWriter w = new EbmlWriter(64);
    w.id(MatroskaId.EBML).size(Vint.MAX_VALUE);
    WebmSummary header = WebmReader.read(w.toByteArray());
    assertThat(header.problemCount(Kind.OVERSIZED_ELEMENT)).isEqualTo(1);
    assertThat(header.problemCount(Kind.TRUNCATED)).isEqualTo(1);

    byte[] tracksHuge =
        WebmBuilder.webm()
            .segment()
            .raw(0x16, 0x54, 0xAE, 0x6B, 0x01, 0xFF, 0, 0, 0, 0, 0, 0)
            .bytes();
    WebmSummary tracks = WebmReader.read(tracksHuge);
    assertThat(tracks.problemCount(Kind.OVERSIZED_ELEMENT)).isEqualTo(1);

    byte[] blockHuge =
        recording()
            .cluster(0)
            .simpleBlock(1, 0, true, 4)
            .raw(0xA3, 0x01, 0x7F, 0, 0, 0, 0, 0, 0, 0x81, 0, 0, 0x80)
            .bytes();
    WebmSummary block = WebmReader.read(blockHuge);
    assertThat(block.clean()).isTrue();
    assertThat(block.hasNote(Kind.TRUNCATED_LAST_CLUSTER)).isTrue();
    assertThat(block.track("V_VP8").frames()).isEqualTo(1);

    byte[] segmentKnownTooSmall =
        WebmBuilder.webm().raw(0x18, 0x53, 0x80, 0x67, 0x81).element(MatroskaId.VOID, 10).bytes();
    assertThat(WebmReader.read(segmentKnownTooSmall).problemCount(Kind.ELEMENT_OVERRUNS_PARENT))
        .isEqualTo(1);
  }

  @Test
  void deeplyNestedAndUnknownElementsAreSkippedBySize() {
    // 10,000 levels of an unknown master-like element: the reader never descends into them.
    EbmlWriter w = new EbmlWriter(1 << 16);
    int[] marks = new int[10_000];
    for (int i = 0; i < marks.length; i++) {
      marks[i] = w.startMaster(0x4DB7);
    }
    for (int i = marks.length - 1; i >= 0; i--) {
      w.endMaster(marks[i]);
    }
    byte[] nested = w.toByteArray();
    byte[] file =
        recording()
            .element(0x4DB7, 0)
            .raw(nested)
            .cluster(0)
            .raw(nested)
            .simpleBlock(1, 0, true, 4)
            .raw(nested)
            .bytes();
    WebmSummary s = WebmReader.read(file);
    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.track("V_VP8").frames()).isEqualTo(1);

    // An unknown element of unknown size cannot be skipped: reported, not guessed.
    byte[] unknownSize = recording().cluster(0).raw(0x4D, 0xB7, 0xFF).bytes();
    assertThat(WebmReader.read(unknownSize).problemCount(Kind.MALFORMED_ELEMENT)).isEqualTo(1);

    // Deeply nested TrackEntry contents (Video inside Video...) stay one level deep too.
    EbmlWriter t = new EbmlWriter(1 << 16);
    int tracks = t.startMaster(MatroskaId.TRACKS);
    int entry = t.startMaster(MatroskaId.TRACK_ENTRY);
    t.uint(MatroskaId.TRACK_NUMBER, 1).uint(MatroskaId.TRACK_TYPE, 1);
    int[] videos = new int[5000];
    for (int i = 0; i < videos.length; i++) {
      videos[i] = t.startMaster(MatroskaId.VIDEO);
    }
    for (int i = videos.length - 1; i >= 0; i--) {
      t.endMaster(videos[i]);
    }
    t.endMaster(entry);
    t.endMaster(tracks);
    WebmSummary deep =
        WebmReader.read(WebmBuilder.webm().segment().raw(t.toByteArray()).cluster(0).bytes());
    assertThat(deep.clean()).as(deep.describe()).isTrue();
    assertThat(deep.tracks()).hasSize(1);
  }

  @Test
  void problemsAreCountedButOnlyTheFirstOnesListed() {
    WebmBuilder b = recording().cluster(0);
    for (int i = 0; i < 1000; i++) {
      b.simpleBlock(9, i, true, 1);
    }
    WebmSummary s = WebmReader.read(b.bytes());

    assertThat(s.problemCount(Kind.BLOCK_FOR_UNKNOWN_TRACK)).isEqualTo(1000);
    assertThat(s.problems()).hasSize(WebmReader.MAX_LISTED_PROBLEMS);
  }

  /**
   * A 2 GiB recording generated on the fly (never in memory): one unknown-size Cluster of 2048
   * SimpleBlocks of 1 MiB. The reader streams through it with its 64 KiB window.
   */
  @Test
  void aMultiGigabyteStreamIsReadThroughWithoutHoldingIt() throws IOException {
    byte[] head = recording().cluster(0).bytes();
    int frame = 1 << 20;
    int blocks = 2048;
    byte[] blockHeader = new byte[1 + 4 + 4];
    blockHeader[0] = (byte) MatroskaId.SIMPLE_BLOCK;
    Vint.write(blockHeader, 1, frame + 4, 4);
    blockHeader[5] = (byte) 0x81; // track 1

    InputStream in =
        new InputStream() {
          long pos;
          final long blockLen = blockHeader.length + frame;
          final long total = head.length + blockLen * blocks;

          @Override
          public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos >= total) {
              return -1;
            }
            int n = (int) Math.min(len, total - pos);
            int i = 0;
            while (i < n) {
              long p = pos + i;
              long inBlock = p < head.length ? -1 : (p - head.length) % blockLen;
              if (inBlock >= blockHeader.length) { // frame filler up to the block's end
                int run = (int) Math.min(n - i, blockLen - inBlock);
                Arrays.fill(b, off + i, off + i + run, (byte) 0x33);
                i += run;
              } else {
                b[off + i] = byteAt(p);
                i++;
              }
            }
            pos += n;
            return n;
          }

          private byte byteAt(long p) {
            if (p < head.length) {
              return head[(int) p];
            }
            long inBlock = (p - head.length) % blockLen;
            long index = (p - head.length) / blockLen;
            if (inBlock < blockHeader.length) {
              if (inBlock == 6) {
                return (byte) ((index * 10) >> 8); // relative timestamp (10 ms steps), high octet
              } else if (inBlock == 7) {
                return (byte) (index * 10);
              } else if (inBlock == 8) {
                return (byte) (index % 30 == 0 ? 0x80 : 0);
              }
              return blockHeader[(int) inBlock];
            }
            return 0x33;
          }
        };

    WebmSummary s = WebmReader.read(in);

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.bytes()).isGreaterThan(2L << 30);
    WebmTrackSummary v = s.track("V_VP8");
    assertThat(v.frames()).isEqualTo(blocks);
    assertThat(v.keyframes()).isEqualTo((blocks + 29) / 30);
    assertThat(v.lastSeconds()).isEqualTo((blocks - 1) * 0.010);
    assertThat(v.gaps()).isEmpty();
  }
}
