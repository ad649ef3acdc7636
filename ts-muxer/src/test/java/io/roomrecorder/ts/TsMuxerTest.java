package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.ts.reader.TsProblem;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import io.roomrecorder.ts.testing.ByteArrayTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The muxer's promises, checked on its output with {@link TsPackets} and {@link TsReader}. */
class TsMuxerTest {
  static final List<AccessUnit> VIDEO = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
  static final List<byte[]> AUDIO = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
  static final int VIDEO_PID = ProgramTables.VIDEO_PID;
  static final int AUDIO_PID = ProgramTables.AUDIO_PID;

  final ByteArrayTsSink sink = new ByteArrayTsSink();

  /** A PES as the reader hands it over. */
  record Pes(int pid, long pts, byte[] payload) {
    List<Integer> nalTypes() {
      return new AccessUnit(payload, false).nalTypes();
    }
  }

  static List<Pes> pes(byte[] ts) {
    List<Pes> list = new ArrayList<>();
    TsReader reader =
        new TsReader(
            (pid, type, pts, b, off, len) ->
                list.add(new Pes(pid, pts, Arrays.copyOfRange(b, off, off + len))));
    reader.accept(ts, 0, ts.length);
    reader.finish();
    return list;
  }

  static TsSummary summary(byte[] ts) {
    return TsReader.read(ts);
  }

  void muxAll(TsMuxer muxer) {
    RoundTripTest.muxInterleaved(muxer, VIDEO, 0, AUDIO, 0);
  }

  @Test
  void theStreamStartsWithPatAndPmt() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      muxAll(muxer);
    }
    TsPackets ts = TsPackets.parse(sink.toByteArray());
    assertThat(ts.packets().get(0).pid()).isEqualTo(ProgramTables.PAT_PID);
    assertThat(ts.packets().get(1).pid()).isEqualTo(ProgramTables.PMT_PID);
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problems()).isEmpty();
    assertThat(summary.stream("h264").frames()).isEqualTo(VIDEO.size());
    assertThat(summary.stream("opus").frames()).isEqualTo(AUDIO.size());
  }

  @Test
  void everyKeyframeIsPrecededByTablesAndCarriesRandomAccessAndPcr() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      muxAll(muxer);
    }
    List<TsPackets.Packet> packets = TsPackets.parse(sink.toByteArray()).packets();
    List<Pes> videoPes =
        pes(sink.toByteArray()).stream().filter(p -> p.pid() == VIDEO_PID).toList();
    int keyframes = 0;
    int frame = 0;
    for (TsPackets.Packet p : packets) {
      if (p.pid() == VIDEO_PID && p.unitStart()) {
        boolean idr = videoPes.get(frame++).nalTypes().contains(5);
        assertThat(p.randomAccess()).isEqualTo(idr);
        assertThat(p.hasPcr()).isTrue();
        if (idr) {
          keyframes++;
          assertThat(packets.get(p.index() - 2).pid()).isEqualTo(ProgramTables.PAT_PID);
          assertThat(packets.get(p.index() - 1).pid()).isEqualTo(ProgramTables.PMT_PID);
        }
      }
    }
    assertThat(keyframes).isEqualTo(2);
  }

  @Test
  void tablesRepeatAtLeastEvery100msOfMediaTime() {
    // video only, 30 fps: every third frame is 100 ms after the last tables
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      for (int i = 0; i < VIDEO.size(); i++) {
        byte[] au = VIDEO.get(i).data();
        muxer.writeVideo(au, 0, au.length, i * 3000L, VIDEO.get(i).keyframe());
      }
    }
    List<TsPackets.Packet> packets = TsPackets.parse(sink.toByteArray()).packets();
    int frame = -1;
    List<Integer> framesAfterTables = new ArrayList<>();
    for (TsPackets.Packet p : packets) {
      if (p.pid() == VIDEO_PID && p.unitStart()) {
        frame++;
        if (packets.get(p.index() - 1).pid() == ProgramTables.PMT_PID) {
          framesAfterTables.add(frame);
        }
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int f = 0; f < VIDEO.size(); f += 3) {
      expected.add(f); // keyframes 0 and 30 fall on multiples of 3 too
    }
    assertThat(framesAfterTables).isEqualTo(expected);
  }

  @ParameterizedTest(name = "PCRs are at most 40 ms apart with video at {0} fps and no audio")
  @ValueSource(ints = {30, 15, 5})
  void pcrSpacingIsAtMost40msEvenForSlowVideo(int fps) {
    long step = 90_000 / fps;
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      for (int i = 0; i < VIDEO.size(); i++) {
        byte[] au = VIDEO.get(i).data();
        muxer.writeVideo(au, 0, au.length, i * step, VIDEO.get(i).keyframe());
      }
    }
    assertPcrSpacing(sink.toByteArray(), VIDEO_PID);
  }

  @Test
  void pcrSpacingIsAtMost40msWithAudioAndVideo() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      muxAll(muxer);
    }
    assertPcrSpacing(sink.toByteArray(), VIDEO_PID);
    assertThat(summary(sink.toByteArray()).problemCount(TsProblem.Kind.PCR_AFTER_DTS)).isZero();
  }

  @Test
  void audioOnlyProgramCarriesThePcrOnTheAudioPid() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.audioOnly(2), sink)) {
      for (int i = 0; i < AUDIO.size(); i++) {
        byte[] p = AUDIO.get(i);
        assertThat(muxer.writeAudio(p, 0, p.length, i * 1800L)).isTrue();
      }
    }
    assertPcrSpacing(sink.toByteArray(), AUDIO_PID);
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problems()).isEmpty();
    assertThat(summary.streams()).hasSize(1);
    assertThat(summary.stream("opus").frames()).isEqualTo(AUDIO.size());
    assertThat(summary.stream("opus").durationSeconds()).isEqualTo(AUDIO.size() * 0.02);
  }

  static void assertPcrSpacing(byte[] ts, int pcrPid) {
    long last = -1;
    int count = 0;
    for (TsPackets.Packet p : TsPackets.parse(ts).packets()) {
      if (p.hasPcr()) {
        assertThat(p.pid()).isEqualTo(pcrPid);
        if (last >= 0) {
          assertThat(p.pcrBase() - last).isBetween(0L, 3600L);
        }
        last = p.pcrBase();
        count++;
      }
    }
    assertThat(count).isGreaterThan(10);
  }

  @Test
  void opusPacketsAreGatheredIntoPesOfAtMost100msBehindControlHeaders() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.audioOnly(2), sink)) {
      for (int i = 0; i < 12; i++) {
        byte[] p = AUDIO.get(i);
        muxer.writeAudio(p, 0, p.length, 1000 + i * 1800L);
      }
    }
    List<Pes> pes = pes(sink.toByteArray());
    assertThat(pes)
        .extracting(Pes::pts)
        .containsExactly(1000L + 63_000, 1000L + 63_000 + 9000, 1000L + 63_000 + 18_000);
    // first PES: 5 packets, each 0x7F 0xE0, au_size, packet
    byte[] payload = pes.get(0).payload();
    int p = 0;
    for (int i = 0; i < 5; i++) {
      byte[] packet = AUDIO.get(i);
      assertThat(payload[p]).isEqualTo((byte) 0x7F);
      assertThat(payload[p + 1]).isEqualTo((byte) 0xE0);
      p += 2;
      int size = 0;
      while ((payload[p] & 0xFF) == 0xFF) {
        size += 255;
        p++;
      }
      size += payload[p++] & 0xFF;
      assertThat(size).isEqualTo(packet.length);
      assertThat(Arrays.copyOfRange(payload, p, p + size)).isEqualTo(packet);
      p += size;
    }
    assertThat(p).isEqualTo(payload.length);
  }

  @Test
  void auSizeAbove255IsCodedWithFfBytes() {
    byte[] big = new byte[600];
    big[0] = (byte) 0xFC; // config 31 (CELT FB 20 ms), code 0: one frame
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.audioOnly(1), sink)) {
      assertThat(muxer.writeAudio(big, 0, big.length, 0)).isTrue();
    }
    byte[] payload = pes(sink.toByteArray()).get(0).payload();
    assertThat(Arrays.copyOf(payload, 5)).containsExactly(0x7F, 0xE0, 0xFF, 0xFF, 600 - 510);
    assertThat(payload).hasSize(5 + 600);
  }

  @Test
  void pmtDescribesH264AndOpusWithItsDescriptors() {
    byte[] pmt = ProgramTables.pmtSection(TsMuxerConfig.videoAndAudio(2), VIDEO_PID);
    assertThat(Crc32Mpeg2.compute(pmt, 0, pmt.length)).isZero();
    String hex = PesHeaderTest.hex(pmt, 0, pmt.length);
    assertThat(hex).contains("1be100f000"); // stream_type 0x1B on PID 0x100, no descriptors
    assertThat(hex).contains("06e101f00a" + "05044f707573" + "7f028002"); // 'Opus', ext 0x80, 2 ch
    byte[] mono = ProgramTables.pmtSection(TsMuxerConfig.audioOnly(1), AUDIO_PID);
    assertThat(PesHeaderTest.hex(mono, 0, mono.length))
        .contains("e101" /*PCR PID*/)
        .contains("7f028001");
  }

  @Test
  void anAudIsInsertedWhenMissingAndNotDuplicatedWhenPresent() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      for (int i = 0; i < 10; i++) {
        AccessUnit au = i % 2 == 0 ? VIDEO.get(i).without(9) : VIDEO.get(i);
        muxer.writeVideo(au.data(), 0, au.data().length, i * 3000L, au.keyframe());
      }
      assertThat(muxer.stats().audsInserted()).isEqualTo(5);
    }
    for (Pes p : pes(sink.toByteArray())) {
      List<Integer> types = p.nalTypes();
      assertThat(types.get(0)).isEqualTo(9);
      assertThat(types.stream().filter(t -> t == 9).count()).isEqualTo(1);
    }
    assertThat(summary(sink.toByteArray()).problemCount(TsProblem.Kind.MISSING_AUD)).isZero();
  }

  @Test
  void anAudThatIsNotFirstIsMovedToTheFront() {
    AccessUnit idr = VIDEO.get(30); // AUD SPS PPS IDR
    byte[] aud = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    byte[] sps = idr.without(9, 8, 5).data();
    byte[] rest = idr.without(9, 7).data();
    byte[] au = new byte[sps.length + aud.length + rest.length];
    System.arraycopy(sps, 0, au, 0, sps.length);
    System.arraycopy(aud, 0, au, sps.length, aud.length);
    System.arraycopy(rest, 0, au, sps.length + aud.length, rest.length);
    assertThat(new AccessUnit(au, true).nalTypes()).containsExactly(7, 9, 8, 5);
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      assertThat(muxer.writeVideo(au, 0, au.length, 0, true)).isTrue();
    }
    Pes pes = pes(sink.toByteArray()).get(0);
    assertThat(pes.nalTypes()).containsExactly(9, 7, 8, 5);
    assertThat(new AccessUnit(pes.payload(), true).without(9).data())
        .isEqualTo(idr.without(9).data());
  }

  @Test
  void spsAndPpsAreReinsertedBeforeAnIdrThatLacksThem() {
    AccessUnit firstIdr = VIDEO.get(0);
    assertThat(firstIdr.nalTypes()).containsSubsequence(7, 8, 5);
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      for (int i = 0; i < VIDEO.size(); i++) {
        AccessUnit au = i == 30 ? VIDEO.get(i).without(7, 8, 9) : VIDEO.get(i);
        muxer.writeVideo(au.data(), 0, au.data().length, i * 3000L, au.keyframe());
      }
      assertThat(muxer.stats().parameterSetsInserted()).isEqualTo(2);
    }
    Pes second = pes(sink.toByteArray()).get(30);
    assertThat(second.nalTypes()).containsExactly(9, 7, 8, 5);
    // the re-inserted parameter sets are the ones the stream carried before, byte for byte
    assertThat(new AccessUnit(second.payload(), true).without(9, 5).data())
        .isEqualTo(VIDEO.get(30).without(9, 5).data());
  }

  @Test
  void onlyTheMissingParameterSetIsInsertedInFrontOfTheSlice() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoOnly(), sink)) {
      AccessUnit idr = VIDEO.get(0);
      muxer.writeVideo(idr.data(), 0, idr.data().length, 0, true);
      AccessUnit noPps = VIDEO.get(30).without(8);
      muxer.writeVideo(noPps.data(), 0, noPps.data().length, 3000, true);
      assertThat(muxer.stats().parameterSetsInserted()).isEqualTo(1);
    }
    assertThat(pes(sink.toByteArray()).get(1).nalTypes()).containsExactly(9, 7, 8, 5);
  }

  @Test
  void outputIsTheSameWhenTheInputViewSitsInsideABiggerArray() {
    ByteArrayTsSink plain = new ByteArrayTsSink();
    ByteArrayTsSink offset = new ByteArrayTsSink();
    try (TsMuxer a = new TsMuxer(TsMuxerConfig.videoAndAudio(2), plain);
        TsMuxer b = new TsMuxer(TsMuxerConfig.videoAndAudio(2), offset)) {
      for (int i = 0; i < 40; i++) {
        byte[] au = VIDEO.get(i).data();
        byte[] junk = surround(au, 37);
        a.writeVideo(au, 0, au.length, i * 3000L, VIDEO.get(i).keyframe());
        b.writeVideo(junk, 37, au.length, i * 3000L, VIDEO.get(i).keyframe());
        byte[] p = AUDIO.get(i);
        a.writeAudio(p, 0, p.length, i * 1800L);
        b.writeAudio(surround(p, 5), 5, p.length, i * 1800L);
      }
    }
    assertThat(offset.toByteArray()).isEqualTo(plain.toByteArray());
  }

  static byte[] surround(byte[] data, int before) {
    byte[] b = new byte[before + data.length + 11];
    Arrays.fill(b, (byte) 0x47);
    System.arraycopy(data, 0, b, before, data.length);
    return b;
  }

  @Test
  void videoStartingLaterThanAudioBeginsAtItsFirstKeyframe() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      RoundTripTest.muxInterleavedAllowingDrops(muxer, VIDEO.subList(10, 60), 10 * 3000, AUDIO, 0);
      assertThat(muxer.stats().dropped(DropReason.WAITING_FOR_KEYFRAME)).isEqualTo(20);
      assertThat(muxer.stats().videoAccessUnitsOut()).isEqualTo(30);
    }
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problems()).isEmpty();
    assertThat(summary.stream("h264").firstPts90k()).isEqualTo(30 * 3000 + TsMuxer.PTS_DELAY_90K);
    assertThat(summary.stream("opus").firstPts90k()).isEqualTo(TsMuxer.PTS_DELAY_90K);
    assertThat(summary.stream("h264").keyframes()).isEqualTo(1);
  }

  @Test
  void timestampsWrapAt2pow33() {
    long start = (1L << 33) - 45_000 - TsMuxer.PTS_DELAY_90K; // written PTS wrap 0.5 s in
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      RoundTripTest.muxInterleaved(muxer, VIDEO, start, AUDIO, start);
    }
    List<Pes> pes = pes(sink.toByteArray());
    assertThat(pes.stream().filter(p -> p.pid() == VIDEO_PID).map(Pes::pts).toList())
        .isSorted()
        .doesNotHaveDuplicates()
        .hasSize(60);
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problems()).isEmpty();
    assertThat(summary.stream("h264").durationSeconds()).isEqualTo(2.0);
    // the raw 33-bit field really wrapped: the last PES has a small PTS
    byte[] ts = sink.toByteArray();
    long lastRaw = -1;
    for (TsPackets.Packet p : TsPackets.parse(ts).onPid(VIDEO_PID)) {
      if (p.unitStart()) {
        lastRaw = PesHeader.readTimestamp(p.payload(), 9);
      }
    }
    assertThat(lastRaw).isLessThan(90_000 * 2);
  }

  @Test
  void flushPutsEverythingAcceptedIntoTheSinkAndFlushesIt() {
    TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink);
    for (int i = 0; i < 7; i++) {
      byte[] au = VIDEO.get(i).data();
      muxer.writeVideo(au, 0, au.length, i * 3000L, VIDEO.get(i).keyframe());
      byte[] p = AUDIO.get(i);
      muxer.writeAudio(p, 0, p.length, i * 1800L);
    }
    assertThat(sink.flushes()).isZero();
    muxer.flush();
    assertThat(sink.flushes()).isEqualTo(1);
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.stream("h264").frames()).isEqualTo(7);
    assertThat(summary.stream("opus").frames()).isEqualTo(7);
    assertThat(summary.problems()).isEmpty();
    muxer.close();
    muxer.close();
    assertThat(sink.closed()).isTrue();
    assertThat(sink.flushes()).isEqualTo(2);
  }

  @Test
  void statsCountWhatWentInAndOut() {
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      muxAll(muxer);
      muxer.flush();
      TsMuxerStats stats = muxer.stats();
      assertThat(stats.videoAccessUnitsIn()).isEqualTo(60);
      assertThat(stats.videoAccessUnitsOut()).isEqualTo(60);
      assertThat(stats.audioPacketsIn()).isEqualTo(AUDIO.size());
      assertThat(stats.audioPacketsOut()).isEqualTo(AUDIO.size());
      assertThat(stats.droppedTotal()).isZero();
      assertThat(stats.pesBehindPcr()).isZero();
      assertThat(stats.tsPackets() * 188).isEqualTo(sink.size());
      long es = VIDEO.stream().mapToLong(a -> a.data().length).sum();
      assertThat(stats.payloadBytes()).isGreaterThan(es);
    }
  }

  @Test
  void audioDeliveredASecondBehindVideoIsDroppedAndCountedSoNoPcrPassesItsDts() {
    int late = 0;
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      // each audio packet arrives with the video frame 1 s after it: more than the 700 ms delay
      int a = 0;
      for (int v = 0; v < VIDEO.size(); v++) {
        byte[] au = VIDEO.get(v).data();
        assertThat(muxer.writeVideo(au, 0, au.length, v * 3000L, VIDEO.get(v).keyframe())).isTrue();
        for (; a * 1800L + 90_000 <= v * 3000L; a++) {
          if (!muxer.writeAudio(AUDIO.get(a), 0, AUDIO.get(a).length, a * 1800L)) {
            late++;
          }
        }
      }
      muxer.flush();
      assertThat(late).isPositive();
      assertThat(muxer.stats().dropped(DropReason.BEHIND_PROGRAM_CLOCK)).isEqualTo(late);
      assertThat(muxer.stats().pesBehindPcr()).isZero();
    }
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problemCount(TsProblem.Kind.PCR_AFTER_DTS)).as(summary.describe()).isZero();
    assertThat(summary.clean()).as(summary.describe()).isTrue();
  }

  @Test
  void misuseIsAProgrammingError() {
    TsMuxer audioOnly = new TsMuxer(TsMuxerConfig.audioOnly(2), sink);
    byte[] au = VIDEO.get(0).data();
    assertThatThrownBy(() -> audioOnly.writeVideo(au, 0, au.length, 0, true))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> audioOnly.writeAudio(au, 10, au.length, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    audioOnly.close();
    assertThatThrownBy(() -> audioOnly.writeAudio(AUDIO.get(0), 0, 3, 0))
        .isInstanceOf(IllegalStateException.class);
    TsMuxer videoOnly = new TsMuxer(TsMuxerConfig.videoOnly(), new ByteArrayTsSink());
    assertThatThrownBy(() -> videoOnly.writeAudio(AUDIO.get(0), 0, 3, 0))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TsMuxerConfig.builder().video(false).audio(false).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TsMuxerConfig.audioOnly(6))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gatheredAudioLeftBehindByAnAudioGapStaysAheadOfThePcr() {
    // Regression (issue 9 load test): 40 ms of audio is being gathered into a PES when the audio
    // stops for 2 s while the video goes on. The PES must go out under the clock it was gathered
    // under, not after PCRs that jumped 2 s ahead of its DTS.
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      AccessUnit key = VIDEO.get(0);
      muxer.writeVideo(key.data(), 0, key.data().length, 0, true);
      muxer.writeAudio(AUDIO.get(0), 0, AUDIO.get(0).length, 0);
      muxer.writeAudio(AUDIO.get(1), 0, AUDIO.get(1).length, 1800);
      for (int v = 1; v < 60; v++) {
        AccessUnit au = VIDEO.get(v);
        muxer.writeVideo(au.data(), 0, au.data().length, 180_000 + v * 3000L, au.keyframe());
      }
      // The audio comes back after its gap.
      for (int i = 2; i < 10; i++) {
        muxer.writeAudio(AUDIO.get(i), 0, AUDIO.get(i).length, 360_000 + i * 1800L);
      }
    }
    TsSummary summary = summary(sink.toByteArray());
    assertThat(summary.problemCount(TsProblem.Kind.PCR_AFTER_DTS)).as(summary.describe()).isZero();
    assertThat(summary.clean()).as(summary.describe()).isTrue();
  }
}
