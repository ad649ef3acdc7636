package io.roomrecorder.webm.reader;

import static io.roomrecorder.webm.reader.WebmBuilder.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.reader.WebmProblem.Kind;
import org.junit.jupiter.api.Test;

/** Each defect the reader checks for, built element by element (RFC 8794, RFC 9559). */
class WebmReaderProblemsTest {

  private static WebmSummary read(WebmBuilder b) {
    return WebmReader.read(b.bytes());
  }

  private static void assertOnly(WebmSummary s, Kind kind, long count) {
    assertThat(s.problemCount(kind)).as(s.describe()).isEqualTo(count);
    assertThat(s.problemCount()).as(s.describe()).isEqualTo(count);
  }

  @Test
  void aWellFormedBuiltFileIsClean() {
    WebmSummary s =
        read(
            recording()
                .cluster(0)
                .simpleBlock(1, 0, true, 50)
                .simpleBlock(2, 0, true, 10)
                .simpleBlock(1, 33, false, 20)
                .element(MatroskaId.VOID, 30)
                .element(0x4DB7, 12) // an element this reader does not know: skipped by size
                .cluster(66)
                .simpleBlock(1, 0, false, 20));

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.track("V_VP8").frames()).isEqualTo(3);
    assertThat(s.track("V_VP8").lastSeconds()).isEqualTo(0.066);
    assertThat(s.track("V_VP8").width()).isEqualTo(640);
    assertThat(s.clusters()).isEqualTo(2);
  }

  @Test
  void timestampsGoingBackwardsInATrackAreReported() {
    WebmSummary s =
        read(
            recording()
                .cluster(1000)
                .simpleBlock(1, 0, true, 10)
                .simpleBlock(1, 40, false, 10)
                .simpleBlock(2, 0, true, 10)
                .cluster(1010) // the Cluster starts later, but this block is before 1040
                .simpleBlock(1, 0, false, 10)
                .simpleBlock(2, 20, true, 10));

    assertOnly(s, Kind.TIMESTAMP_BACKWARDS, 1);
    assertThat(s.problems().get(0).track()).isEqualTo(1);
    assertThat(s.problems().get(0).detail()).contains("1.010 s after 1.040 s");
  }

  @Test
  void aVideoTrackThatStartsWithoutAKeyFrameIsReported() {
    WebmSummary s =
        read(
            recording()
                .cluster(0)
                .simpleBlock(2, 0, true, 10)
                .simpleBlock(1, 0, false, 10)
                .simpleBlock(1, 33, true, 10));

    assertOnly(s, Kind.FIRST_VIDEO_FRAME_NOT_KEYFRAME, 1);
  }

  @Test
  void aFileWithoutTracksIsReported() {
    WebmSummary s = read(WebmBuilder.webm().segment().info(1_000_000).cluster(0));

    assertOnly(s, Kind.MISSING_TRACKS, 1);
  }

  @Test
  void blocksBeforeTracksAndForUndeclaredTracksAreReported() {
    WebmSummary s =
        read(
            WebmBuilder.webm()
                .segment()
                .tracks(true, false)
                .cluster(0)
                .simpleBlock(1, 0, true, 10)
                .simpleBlock(2, 0, true, 10)
                .simpleBlock(5, 0, true, 10));

    assertOnly(s, Kind.BLOCK_FOR_UNKNOWN_TRACK, 2);
    assertThat(s.tracks()).hasSize(1);
  }

  @Test
  void aNegativeAbsoluteTimestampIsOutOfRange() {
    WebmSummary s =
        read(recording().cluster(10).simpleBlock(1, 0, true, 10).simpleBlock(2, -20, true, 10));

    assertOnly(s, Kind.TIMESTAMP_OUT_OF_RANGE, 1);
  }

  @Test
  void aClusterTimestampThatOverflowsNanosecondsIsOutOfRange() {
    WebmSummary s = read(recording().cluster(Long.MAX_VALUE / 1000).simpleBlock(1, 0, true, 10));

    assertOnly(s, Kind.TIMESTAMP_OUT_OF_RANGE, 1);
  }

  @Test
  void blocksInAClusterWithoutTimestampAreReportedOnce() {
    WebmSummary s =
        read(
            recording()
                .clusterWithoutTimestamp()
                .simpleBlock(1, 0, true, 10)
                .simpleBlock(1, 33, false, 10));

    assertOnly(s, Kind.MISSING_CLUSTER_TIMESTAMP, 1);
    assertThat(s.track("V_VP8").frames()).isEqualTo(2);
  }

  @Test
  void theTimestampScaleIsHonoured() {
    // TimestampScale 100 µs: relative 330 = 33 ms, Cluster 10000 = 1 s
    WebmSummary s =
        read(
            WebmBuilder.webm()
                .segment()
                .info(100_000)
                .tracks(true, false)
                .cluster(10_000)
                .simpleBlock(1, 0, true, 10)
                .simpleBlock(1, 330, false, 10)
                .simpleBlock(1, 660, false, 10));

    assertThat(s.clean()).isTrue();
    assertThat(s.timestampScaleNs()).isEqualTo(100_000);
    WebmTrackSummary v = s.track("V_VP8");
    assertThat(v.firstSeconds()).isEqualTo(1.0);
    assertThat(v.lastSeconds()).isEqualTo(1.066);
    assertThat(v.durationSeconds()).isEqualTo(0.099, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void blockGroupsCountAsFramesAndAreKeyFramesWithoutAReferenceBlock() {
    WebmSummary s =
        read(
            recording()
                .cluster(0)
                .blockGroup(1, 0, false)
                .blockGroup(1, 33, true)
                .blockGroup(1, 66, true)
                .lacedSimpleBlock(2, 0, 3));

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.track("V_VP8").frames()).isEqualTo(3);
    assertThat(s.track("V_VP8").keyframes()).isEqualTo(1);
    assertThat(s.track("A_OPUS").blocks()).isEqualTo(1);
    assertThat(s.track("A_OPUS").frames()).isEqualTo(3);
  }

  @Test
  void aFileThatIsNotEbmlIsReported() {
    byte[] ts = new byte[188 * 4];
    for (int i = 0; i < ts.length; i += 188) {
      ts[i] = 0x47;
    }
    WebmSummary s = WebmReader.read(ts);

    assertThat(s.problemCount(Kind.MISSING_EBML_HEADER)).isEqualTo(1);
    assertThat(s.problemCount(Kind.MISSING_SEGMENT)).isEqualTo(1);
    assertThat(s.bytes()).isEqualTo(ts.length);
  }

  @Test
  void anEmptyInputIsReported() {
    WebmSummary s = WebmReader.read(new byte[0]);

    assertThat(s.clean()).isFalse();
    assertThat(s.problemCount(Kind.MISSING_EBML_HEADER)).isEqualTo(1);
    assertThat(s.tracks()).isEmpty();
  }

  @Test
  void anotherDocTypeIsReported() {
    WebmSummary s =
        read(
            new WebmBuilder()
                .ebmlHeader("mka3d")
                .segment()
                .tracks(true, false)
                .cluster(0)
                .simpleBlock(1, 0, true, 4));

    assertOnly(s, Kind.UNSUPPORTED_DOC_TYPE, 1);
  }

  @Test
  void matroskaDocTypeIsAccepted() {
    WebmSummary s =
        read(new WebmBuilder().ebmlHeader("matroska").segment().tracks(true, false).cluster(0));

    assertThat(s.clean()).as(s.describe()).isTrue();
    assertThat(s.docType()).isEqualTo("matroska");
  }

  @Test
  void aSecondSegmentIsReported() {
    WebmSummary s =
        read(recording().cluster(0).simpleBlock(1, 0, true, 4).ebmlHeader("webm").segment());

    assertOnly(s, Kind.MULTIPLE_SEGMENTS, 1);
    assertThat(s.track("V_VP8").frames()).isEqualTo(1);
  }

  @Test
  void aMalformedElementInAClusterStopsReadingButKeepsWhatCameBefore() {
    WebmSummary s =
        read(recording().cluster(0).simpleBlock(1, 0, true, 4).raw(new byte[] {0, 1, 2, 3, 4}));

    assertOnly(s, Kind.MALFORMED_ELEMENT, 1);
    assertThat(s.track("V_VP8").frames()).isEqualTo(1);
    assertThat(s.bytes())
        .isEqualTo(recording().cluster(0).simpleBlock(1, 0, true, 4).bytes().length + 5L);
  }
}
