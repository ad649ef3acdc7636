package io.roomrecorder.webm;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.webm.codec.OpusHead;
import io.roomrecorder.webm.ebml.EbmlReader;
import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.testing.Feed;
import io.roomrecorder.webm.testing.Vp8Frames;
import io.roomrecorder.webm.testing.WebmTree;
import io.roomrecorder.webm.testing.WebmTree.Block;
import io.roomrecorder.webm.testing.WebmTree.Element;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes the muxer writes, element by element (RFC 8794, RFC 9559). */
class WebmMuxerLayoutTest {
  private static final long MS = 90; // 90 kHz ticks per millisecond

  private final InMemoryWebmSink sink = new InMemoryWebmSink();

  /** The same sink without the rewrite capability: a pipe, a socket, a non-seekable file. */
  private final WebmSink pipe = Feed.appendOnly(sink);

  private static WebmMuxerConfig av() {
    return WebmMuxerConfig.builder().video(320, 180).audio(2).writingApp("layout test").build();
  }

  /** 30 fps video with a key frame every {@code gop} frames and 20 ms audio, for {@code ms}. */
  private static void feed(WebmMuxer m, long ms, int gop, int w, int h) {
    long videoMs = 0;
    long audioMs = 0;
    int frame = 0;
    while (videoMs < ms || audioMs < ms) {
      if (videoMs <= audioMs && videoMs < ms) {
        byte[] f =
            frame % gop == 0 ? Vp8Frames.keyframe(w, h, 500) : Vp8Frames.interframe(100 + frame);
        assertThat(m.writeVideo(f, 0, f.length, videoMs * MS, frame % gop == 0)).isTrue();
        frame++;
        videoMs = frame * 100L / 3; // 33.3 ms
      } else {
        byte[] a = Vp8Frames.opus20ms(60);
        assertThat(m.writeAudio(a, 0, a.length, audioMs * MS)).isTrue();
        audioMs += 20;
      }
    }
  }

  @Test
  void ebmlHeaderSaysWebmWithTheVersionsItNeeds() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    Element ebml = tree.ebml;
    assertThat(ebml.offset).isZero();
    assertThat(ebml.child(MatroskaId.EBML_VERSION).uint()).isEqualTo(1);
    assertThat(ebml.child(MatroskaId.EBML_READ_VERSION).uint()).isEqualTo(1);
    assertThat(ebml.child(MatroskaId.EBML_MAX_ID_LENGTH).uint()).isEqualTo(4);
    assertThat(ebml.child(MatroskaId.EBML_MAX_SIZE_LENGTH).uint()).isEqualTo(8);
    assertThat(ebml.child(MatroskaId.DOC_TYPE).string()).isEqualTo("webm");
    assertThat(ebml.child(MatroskaId.DOC_TYPE_VERSION).uint()).isEqualTo(4);
    assertThat(ebml.child(MatroskaId.DOC_TYPE_READ_VERSION).uint()).isEqualTo(2);
  }

  @Test
  void infoHasMillisecondTicksAndTheApps() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    feed(m, 1000, 30, 320, 180);
    m.close();
    Element info = WebmTree.parse(sink.toByteArray()).info();
    assertThat(info.child(MatroskaId.TIMESTAMP_SCALE).uint()).isEqualTo(1_000_000);
    assertThat(info.child(MatroskaId.MUXING_APP).string()).isEqualTo(WebmMuxer.MUXING_APP);
    assertThat(info.child(MatroskaId.WRITING_APP).string()).isEqualTo("layout test");
    // video ends at 30 frames * 33.3 ms, audio at 50 * 20 ms = 1000 ms
    assertThat(info.child(MatroskaId.DURATION).float64()).isEqualTo(1000.0);
  }

  @Test
  void tracksDescribeVp8AndOpusWithOpusHeadCodecDelayAndSeekPreRoll() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    m.flush();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    Element video = tree.track(1);
    assertThat(video.child(MatroskaId.TRACK_TYPE).uint()).isEqualTo(1);
    assertThat(video.child(MatroskaId.CODEC_ID).string()).isEqualTo("V_VP8");
    assertThat(video.child(MatroskaId.FLAG_LACING).uint()).isZero();
    Element v = video.child(MatroskaId.VIDEO);
    assertThat(v.child(MatroskaId.PIXEL_WIDTH).uint()).isEqualTo(320);
    assertThat(v.child(MatroskaId.PIXEL_HEIGHT).uint()).isEqualTo(180);

    Element audio = tree.track(2);
    assertThat(audio.child(MatroskaId.TRACK_TYPE).uint()).isEqualTo(2);
    assertThat(audio.child(MatroskaId.CODEC_ID).string()).isEqualTo("A_OPUS");
    assertThat(audio.child(MatroskaId.CODEC_PRIVATE).data())
        .isEqualTo(OpusHead.build(2, 0, 48_000));
    assertThat(audio.child(MatroskaId.CODEC_DELAY).uint()).isZero();
    assertThat(audio.child(MatroskaId.SEEK_PRE_ROLL).uint()).isEqualTo(80_000_000);
    Element a = audio.child(MatroskaId.AUDIO);
    assertThat(a.child(MatroskaId.SAMPLING_FREQUENCY).float64()).isEqualTo(48_000.0);
    assertThat(a.child(MatroskaId.CHANNELS).uint()).isEqualTo(2);
  }

  @Test
  void codecDelayMirrorsAConfiguredPreSkip() {
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.builder().audio(1).opusPreSkip(312).build(), sink);
    m.flush();
    Element audio = WebmTree.parse(sink.toByteArray()).track(1);
    assertThat(audio.child(MatroskaId.CODEC_DELAY).uint()).isEqualTo(6_500_000); // 312/48 kHz
    assertThat(audio.child(MatroskaId.CODEC_PRIVATE).data())
        .isEqualTo(OpusHead.build(1, 312, 48_000));
  }

  @Test
  void simpleBlockIsTrackTimestampFlagsAndTheFrameWithoutLacing() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    byte[] key = Vp8Frames.keyframe(320, 180, 300);
    byte[] buf = new byte[key.length + 11];
    Arrays.fill(buf, (byte) 0xEE); // junk around the view
    System.arraycopy(key, 0, buf, 7, key.length);
    m.writeVideo(buf, 7, key.length, 1234 * MS, true);
    byte[] opus = Vp8Frames.opus20ms(40);
    m.writeAudio(opus, 0, opus.length, 1240 * MS);
    m.writeVideo(Vp8Frames.interframe(30), 0, 30, 1267 * MS, false);
    m.close();

    WebmTree tree = WebmTree.parse(sink.toByteArray());
    List<Element> blocks = tree.clusters().get(0).all(MatroskaId.SIMPLE_BLOCK);
    byte[] file = sink.toByteArray();
    Element first = blocks.get(0);
    // A3, size VINT (4 + 300 = 304 -> 2 octets 41 30), track 1 (81), timestamp +0, flags 80
    assertThat(HexFormat.of().formatHex(file, first.offset, first.offset + 7))
        .isEqualTo("a3" + "4130" + "81" + "0000" + "80");
    assertThat(Arrays.copyOfRange(file, first.offset + 7, first.end)).isEqualTo(key);
    Element second = blocks.get(1);
    // track 2 (82), timestamp +6 ms, key frame flag: every Opus packet is a random access point
    assertThat(HexFormat.of().formatHex(file, second.offset, second.offset + 6))
        .isEqualTo("a3" + "ac" + "82" + "0006" + "80");
    Element third = blocks.get(2);
    assertThat(HexFormat.of().formatHex(file, third.offset, third.offset + 6))
        .isEqualTo("a3" + "a2" + "81" + "0021" + "00"); // +33 ms, an interframe: no flag
  }

  @Test
  void blockTimestampsAreRelativeToTheirClusterAndClustersStartAtKeyFrames() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    feed(m, 4000, 30, 320, 180);
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    List<Element> clusters = tree.clusters();
    assertThat(clusters).hasSize(4); // a key frame every second
    long[] clusterMs =
        clusters.stream().mapToLong(c -> c.child(MatroskaId.TIMESTAMP).uint()).toArray();
    assertThat(clusterMs).containsExactly(0, 1000, 2000, 3000);
    for (Element c : clusters) {
      Element firstVideo =
          c.all(MatroskaId.SIMPLE_BLOCK).stream()
              .filter(b -> b.data()[0] == (byte) 0x81)
              .findFirst()
              .get();
      assertThat(firstVideo.data()[3] & 0x80)
          .as("a Cluster's first video block is a key frame")
          .isNotZero();
    }
    List<Block> blocks = tree.blocks();
    long[] video =
        blocks.stream().filter(b -> b.track() == 1).mapToLong(Block::timestampMs).toArray();
    long[] audio =
        blocks.stream().filter(b -> b.track() == 2).mapToLong(Block::timestampMs).toArray();
    assertThat(video).hasSize(120);
    assertThat(audio).hasSize(200);
    for (int i = 0; i < video.length; i++) {
      assertThat(video[i]).isEqualTo(i * 100L / 3);
    }
    for (int i = 0; i < audio.length; i++) {
      assertThat(audio[i]).isEqualTo(i * 20L);
    }
  }

  @Test
  void audioOnlyFilesStartAClusterEveryFiveSecondsEachWithACue() {
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.audioOnly(2), sink);
    byte[] a = Vp8Frames.opus20ms(50);
    for (int i = 0; i < 600; i++) { // 12 s
      m.writeAudio(a, 0, a.length, i * 20 * MS);
    }
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    assertThat(tree.clusters())
        .extracting(c -> c.child(MatroskaId.TIMESTAMP).uint())
        .containsExactly(0L, 5000L, 10000L);
    assertThat(tree.cues().all(MatroskaId.CUE_POINT)).hasSize(3);
    assertThat(tree.track(1).child(MatroskaId.CODEC_ID).string()).isEqualTo("A_OPUS");
    assertThat(tree.blocks()).allMatch(b -> b.track() == 1 && b.keyframe());
  }

  @Test
  void aLongGopStillGetsAClusterEveryFiveSecondsButCuesOnlyAtKeyFrames() {
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.videoOnly(320, 180), sink);
    for (int i = 0; i < 360; i++) { // 12 s at 30 fps, one key frame
      byte[] f = i == 0 ? Vp8Frames.keyframe(320, 180, 200) : Vp8Frames.interframe(50);
      m.writeVideo(f, 0, f.length, i * 3000L, i == 0);
    }
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    assertThat(tree.clusters())
        .extracting(c -> c.child(MatroskaId.TIMESTAMP).uint())
        .containsExactly(0L, 5000L, 10000L);
    assertThat(tree.cues().all(MatroskaId.CUE_POINT)).hasSize(1);
  }

  @Test
  void aLateAudioPacketGetsANegativeRelativeTimestampInTheKeyFramesCluster() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    byte[] a = Vp8Frames.opus20ms(40);
    byte[] key = Vp8Frames.keyframe(320, 180, 100);
    m.writeAudio(a, 0, a.length, 0);
    m.writeVideo(key, 0, key.length, 1000 * MS, true);
    m.writeAudio(a, 0, a.length, 990 * MS); // arrives after the key frame, belongs before it
    m.close();
    List<Block> blocks = WebmTree.parse(sink.toByteArray()).blocks();
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(2).relativeMs()).isEqualTo(-10);
    assertThat(blocks.get(2).timestampMs()).isEqualTo(990);
  }

  @Test
  void aPacketThatASixteenBitOffsetCannotReachIsDroppedNotMisplaced() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    byte[] a = Vp8Frames.opus20ms(40);
    byte[] key = Vp8Frames.keyframe(320, 180, 100);
    m.writeAudio(a, 0, a.length, 0);
    m.writeVideo(key, 0, key.length, 40_000 * MS, true); // Cluster at 40 s
    assertThat(m.writeAudio(a, 0, a.length, 1000 * MS)).isFalse(); // -39 s: beyond -32768 ms
    assertThat(m.stats().dropped(DropReason.TOO_LATE_FOR_CLUSTER)).isEqualTo(1);
    assertThat(m.writeAudio(a, 0, a.length, 39_000 * MS)).isTrue(); // -1 s is fine
    m.close();
    assertThat(WebmTree.parse(sink.toByteArray()).blocks()).hasSize(3);
  }

  @Test
  void whileRecordingTheSegmentAndClustersHaveTheUnknownSize() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    feed(m, 2500, 30, 320, 180);
    m.flush();
    byte[] live = sink.flushedBytes();
    WebmTree tree = WebmTree.parse(live);
    assertThat(tree.segment.unknownSize).isTrue();
    assertThat(HexFormat.of().formatHex(live, tree.segment.offset + 4, tree.segment.offset + 12))
        .isEqualTo("01ffffffffffffff");
    assertThat(tree.clusters()).hasSize(3).allMatch(c -> c.unknownSize);
    assertThat(tree.info().child(MatroskaId.DURATION)).isNull();
    assertThat(tree.info().child(MatroskaId.VOID)).isNotNull(); // room kept for the Duration
    assertThat(tree.cues()).isNull();
    assertThat(tree.blocks()).hasSize(75 + 125);
  }

  @Test
  void closeOnASeekableSinkPatchesSizesSeekHeadAndCuesWithoutMovingAByte() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    feed(m, 3000, 30, 320, 180);
    m.flush();
    byte[] live = sink.flushedBytes();
    m.close();
    byte[] done = sink.toByteArray();
    WebmTree tree = WebmTree.parse(done);

    assertThat(tree.segment.unknownSize).isFalse();
    assertThat(tree.segment.end).isEqualTo(done.length);
    assertThat(tree.clusters()).hasSize(3).noneMatch(c -> c.unknownSize);
    assertThat(tree.blocks()).hasSize(90 + 150);
    // The live bytes are unchanged except inside the patched fields.
    int differing = 0;
    for (int i = 0; i < live.length; i++) {
      if (live[i] != done[i]) {
        differing++;
      }
    }
    assertThat(differing).isLessThan(150);

    int segmentData = tree.segment.dataOffset;
    Element seekHead = tree.segment.children.get(0);
    assertThat(seekHead.id).isEqualTo(MatroskaId.SEEK_HEAD);
    for (Element seek : seekHead.all(MatroskaId.SEEK)) {
      int id = (int) seek.child(MatroskaId.SEEK_ID).uint();
      long pos = seek.child(MatroskaId.SEEK_POSITION).uint();
      EbmlReader.Header target = EbmlReader.readHeader(done, segmentData + (int) pos, done.length);
      assertThat(target.id()).isEqualTo(id);
    }
    assertThat(seekHead.all(MatroskaId.SEEK))
        .extracting(s -> (int) s.child(MatroskaId.SEEK_ID).uint())
        .containsExactly(MatroskaId.INFO, MatroskaId.TRACKS, MatroskaId.CUES);

    List<Element> cuePoints = tree.cues().all(MatroskaId.CUE_POINT);
    assertThat(cuePoints).hasSize(3);
    for (int i = 0; i < cuePoints.size(); i++) {
      Element cp = cuePoints.get(i);
      long time = cp.child(MatroskaId.CUE_TIME).uint();
      Element positions = cp.child(MatroskaId.CUE_TRACK_POSITIONS);
      assertThat(positions.child(MatroskaId.CUE_TRACK).uint()).isEqualTo(1);
      long clusterPos = positions.child(MatroskaId.CUE_CLUSTER_POSITION).uint();
      Element cluster = tree.clusters().get(i);
      assertThat(segmentData + clusterPos).isEqualTo(cluster.offset);
      assertThat(cluster.child(MatroskaId.TIMESTAMP).uint()).isEqualTo(time).isEqualTo(i * 1000L);
    }
  }

  @Test
  void withoutRewriteTheCuesAreAppendedAndEverythingElseStaysLive() {
    WebmMuxer m = new WebmMuxer(av(), pipe);
    feed(m, 2000, 30, 320, 180);
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    assertThat(tree.segment.unknownSize).isTrue();
    assertThat(tree.clusters()).allMatch(c -> c.unknownSize);
    assertThat(tree.cues().all(MatroskaId.CUE_POINT)).hasSize(2);
    assertThat(tree.info().child(MatroskaId.DURATION)).isNull();
  }

  @Test
  void theHeaderTakesTheFirstKeyFramesSizeAndCloseWritesTheLargest() {
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.videoAndAudio(1280, 720, 2), sink);
    byte[] k1 = Vp8Frames.keyframe(320, 180, 100);
    byte[] k2 = Vp8Frames.keyframe(640, 360, 100);
    byte[] k3 = Vp8Frames.keyframe(480, 270, 100);
    m.writeVideo(k1, 0, k1.length, 0, true);
    m.flush();
    Element live = WebmTree.parse(sink.flushedBytes()).track(1).child(MatroskaId.VIDEO);
    assertThat(live.child(MatroskaId.PIXEL_WIDTH).uint()).isEqualTo(320);
    assertThat(live.child(MatroskaId.PIXEL_HEIGHT).uint()).isEqualTo(180);
    m.writeVideo(k2, 0, k2.length, 1000 * MS, true);
    m.writeVideo(k3, 0, k3.length, 2000 * MS, true);
    assertThat(m.stats().resolutionChanges()).isEqualTo(2);
    assertThat(m.stats().width()).isEqualTo(480);
    assertThat(m.stats().maxWidth()).isEqualTo(640);
    m.close();
    Element done = WebmTree.parse(sink.toByteArray()).track(1).child(MatroskaId.VIDEO);
    assertThat(done.child(MatroskaId.PIXEL_WIDTH).uint()).isEqualTo(640);
    assertThat(done.child(MatroskaId.PIXEL_HEIGHT).uint()).isEqualTo(360);
  }

  @Test
  void whenAudioComesFirstTheHeaderAnnouncesTheConfiguredSize() {
    WebmMuxer m = new WebmMuxer(WebmMuxerConfig.videoAndAudio(1280, 720, 2), pipe);
    byte[] a = Vp8Frames.opus20ms(40);
    m.writeAudio(a, 0, a.length, 0);
    byte[] k = Vp8Frames.keyframe(320, 180, 100);
    m.writeVideo(k, 0, k.length, 500 * MS, true);
    m.close();
    Element v = WebmTree.parse(sink.toByteArray()).track(1).child(MatroskaId.VIDEO);
    assertThat(v.child(MatroskaId.PIXEL_WIDTH).uint()).isEqualTo(1280);
    assertThat(v.child(MatroskaId.PIXEL_HEIGHT).uint()).isEqualTo(720);
  }

  @Test
  void aFileClosedWithoutFramesIsStillAWellFormedHeader() {
    WebmMuxer m = new WebmMuxer(av(), sink);
    m.close();
    WebmTree tree = WebmTree.parse(sink.toByteArray());
    assertThat(tree.clusters()).isEmpty();
    assertThat(tree.cues()).isNull();
    assertThat(tree.info().child(MatroskaId.DURATION).float64()).isZero();
    assertThat(m.stats().bytesWritten()).isEqualTo(sink.size());
  }
}
