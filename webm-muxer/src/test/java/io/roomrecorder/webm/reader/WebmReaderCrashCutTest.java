package io.roomrecorder.webm.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.InMemoryWebmSink;
import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.testing.Feed;
import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import io.roomrecorder.webm.testing.WebmTree;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A recording whose process died: never closed (unknown-size Segment and Clusters), and cut at an
 * arbitrary byte when the disk did not get everything. It is read up to the cut and stays clean,
 * with a note when the cut falls inside the last Cluster.
 */
class WebmReaderCrashCutTest {
  private byte[] flushed;
  private WebmTree tree;

  @BeforeEach
  void recordAndDie() {
    List<Frame> video = Samples.vp8Small();
    List<Frame> audio = Samples.opus();
    InMemoryWebmSink memory = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(320, 180, 2), memory);
    Feed.interleave(
        muxer, Feed.concat(video, video, 3000), Feed.concat(audio, audio, 1800), 90_000);
    // no close(): what the last flush left on disk is the file
    flushed = memory.flushedBytes();
    tree = WebmTree.parse(flushed);
  }

  /** SimpleBlocks of {@code track} that end at or before {@code cut}, per WebmTree. */
  private long completeBlocks(int track, int cut) {
    long n = 0;
    for (WebmTree.Element c : tree.clusters()) {
      for (WebmTree.Element b : c.all(MatroskaId.SIMPLE_BLOCK)) {
        if (b.end <= cut && (flushed[b.dataOffset] & 0x7F) == track) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void whatTheLastFlushLeftIsCleanAndHasNoNote() {
    WebmSummary s = WebmReader.read(flushed);

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.notes()).isEmpty();
    assertThat(s.segmentUnknownSize()).isTrue();
    assertThat(s.declaredDurationSeconds()).isNaN();
    assertThat(s.track("V_VP8").frames()).isEqualTo(completeBlocks(1, flushed.length));
    assertThat(s.track("A_OPUS").frames()).isEqualTo(completeBlocks(2, flushed.length));
    assertThat(s.clusters()).isEqualTo(tree.clusters().size());
  }

  @Test
  void aCutInsideTheLastClusterIsANoteAndFramesAreCountedUpToTheCut() {
    WebmTree.Element last = tree.clusters().get(tree.clusters().size() - 1);
    WebmTree.Element block = last.all(MatroskaId.SIMPLE_BLOCK).get(5);
    int cut = block.dataOffset + block.dataLength() / 2; // inside a frame's bytes

    WebmSummary s = WebmReader.read(Arrays.copyOf(flushed, cut));

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.hasNote(WebmProblem.Kind.TRUNCATED_LAST_CLUSTER)).isTrue();
    assertThat(s.notes().get(0).byteOffset()).isEqualTo(block.offset);
    assertThat(s.track("V_VP8").frames()).isEqualTo(completeBlocks(1, cut));
    assertThat(s.track("A_OPUS").frames()).isEqualTo(completeBlocks(2, cut));
    assertThat(s.describe()).contains("notes: 1").contains("TRUNCATED_LAST_CLUSTER");
  }

  @Test
  void everyCutInsideTheClustersIsCleanAndCountsEveryCompleteBlock() {
    int firstCluster = tree.clusters().get(0).offset;
    for (int cut = firstCluster; cut <= flushed.length; cut += 97) {
      WebmSummary s = WebmReader.read(Arrays.copyOf(flushed, cut));

      assertThat(s.clean()).as("cut at %d: %s", cut, s.describe()).isTrue();
      assertThat(s.bytes()).isEqualTo(cut);
      assertThat(s.track("V_VP8").frames()).as("cut at %d", cut).isEqualTo(completeBlocks(1, cut));
      assertThat(s.track("A_OPUS").frames()).as("cut at %d", cut).isEqualTo(completeBlocks(2, cut));
    }
  }

  @Test
  void aCutBeforeTheFirstClusterIsAProblem() {
    int inTracks = tree.tracks().offset + 10;

    WebmSummary s = WebmReader.read(Arrays.copyOf(flushed, inTracks));

    assertThat(s.clean()).isFalse();
    assertThat(s.problemCount(WebmProblem.Kind.TRUNCATED)).isEqualTo(1);
    assertThat(s.problemCount(WebmProblem.Kind.MISSING_TRACKS)).isEqualTo(1);
  }
}
