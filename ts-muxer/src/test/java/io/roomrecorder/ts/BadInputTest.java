package io.roomrecorder.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ts.reader.StreamSummary;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import io.roomrecorder.ts.testing.ByteArrayTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input is refused and counted, and the output stays a clean stream: every test ends by reading
 * the whole output back with {@link TsReader} and asserting it has no problem at all.
 */
class BadInputTest {
  static final List<AccessUnit> VIDEO = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
  static final List<byte[]> AUDIO = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
  static final byte[] IDR = VIDEO.get(0).data();
  static final byte[] P_FRAME = VIDEO.get(1).data();

  final ByteArrayTsSink sink = new ByteArrayTsSink();
  final TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink);

  TsSummary closeAndRead() {
    muxer.close();
    TsSummary summary = TsReader.read(sink.toByteArray());
    assertThat(summary.problems()).as("output problems").isEmpty();
    return summary;
  }

  boolean video(byte[] au, long pts, boolean key) {
    return muxer.writeVideo(au, 0, au.length, pts, key);
  }

  @Test
  void anEmptyAccessUnitIsDropped() {
    assertThat(video(IDR, 0, true)).isTrue();
    assertThat(muxer.writeVideo(new byte[10], 3, 0, 3000, false)).isFalse();
    assertThat(muxer.writeAudio(new byte[10], 3, 0, 3000)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.EMPTY)).isEqualTo(2);
    assertThat(closeAndRead().stream("h264").frames()).isEqualTo(1);
  }

  @Test
  void nalUnitsWithoutStartCodesAreRefused() {
    // AVCC framing: 4-byte big-endian length before each NAL unit, as MP4 stores them
    List<Integer> types = VIDEO.get(0).nalTypes();
    ByteBuffer avcc = ByteBuffer.allocate(IDR.length + 16);
    byte[] idr = VIDEO.get(0).without(9).data();
    int p = 0;
    while (p < idr.length) {
      int next = p + 4;
      while (next + 3 < idr.length
          && !(idr[next] == 0 && idr[next + 1] == 0 && idr[next + 2] == 0 && idr[next + 3] == 1)) {
        next++;
      }
      int end = next + 3 < idr.length ? next : idr.length;
      avcc.putInt(end - p - 4).put(idr, p + 4, end - p - 4);
      p = end;
    }
    byte[] lengthPrefixed = java.util.Arrays.copyOf(avcc.array(), avcc.position());
    assertThat(types).contains(5);
    assertThat(video(lengthPrefixed, 0, true)).isFalse();
    byte[] raw = java.util.Arrays.copyOfRange(P_FRAME, 4, P_FRAME.length); // NAL without prefix
    assertThat(video(raw, 3000, false)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.NO_START_CODE)).isEqualTo(2);
    assertThat(video(IDR, 6000, true)).isTrue();
    assertThat(closeAndRead().stream("h264").frames()).isEqualTo(1);
  }

  @Test
  void aNalHeaderWithTheForbiddenBitAndAnEmptyTrailingNalAreRefused() {
    byte[] forbidden = P_FRAME.clone();
    forbidden[4] |= (byte) 0x80;
    byte[] trailing = java.util.Arrays.copyOf(IDR, IDR.length + 3);
    trailing[IDR.length + 2] = 1; // ... 00 00 01 at the very end
    assertThat(video(IDR, 0, true)).isTrue();
    assertThat(video(forbidden, 3000, false)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.MALFORMED_NAL_UNIT)).isEqualTo(1);
    closeAndRead();
  }

  @Test
  void accessUnitsOver10MiBAreDropped() {
    byte[] huge = new byte[TsMuxerConfig.DEFAULT_MAX_ACCESS_UNIT_SIZE + 1];
    System.arraycopy(IDR, 0, huge, 0, IDR.length);
    assertThat(video(huge, 0, true)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.OVERSIZED)).isEqualTo(1);
    assertThat(video(IDR, 0, true)).isTrue();
    TsSummary summary = closeAndRead();
    assertThat(summary.stream("h264").frames()).isEqualTo(1);
  }

  @Test
  void aLargeAccessUnitUnderTheLimitIsWrittenWhole() {
    byte[] big = new byte[3 * 1024 * 1024];
    System.arraycopy(IDR, 0, big, 0, IDR.length); // slice data padded with zeros (cabac_zero_words)
    assertThat(video(big, 0, true)).isTrue();
    byte[][] got = new byte[1][];
    muxer.close();
    TsReader reader =
        new TsReader(
            (pid, type, pts, b, off, len) ->
                got[0] = java.util.Arrays.copyOfRange(b, off, off + len));
    reader.accept(sink.toByteArray(), 0, sink.size());
    assertThat(reader.finish().problems()).isEmpty();
    assertThat(got[0]).isEqualTo(big); // the sample's AU already starts with an AUD
  }

  @Test
  void videoBeforeTheFirstKeyframeIsDroppedAndAKeyframeWithoutParameterSetsToo() {
    assertThat(video(P_FRAME, 0, false)).isFalse();
    byte[] bareIdr = VIDEO.get(0).without(7, 8).data();
    assertThat(video(bareIdr, 3000, true)).isFalse();
    assertThat(video(P_FRAME, 6000, false)).isFalse();
    assertThat(video(IDR, 9000, true)).isTrue();
    assertThat(video(P_FRAME, 12000, false)).isTrue();
    assertThat(muxer.stats().dropped(DropReason.WAITING_FOR_KEYFRAME)).isEqualTo(2);
    assertThat(muxer.stats().dropped(DropReason.MISSING_PARAMETER_SETS)).isEqualTo(1);
    closeAndRead();
  }

  @Test
  void parameterSetsAloneAreRememberedNotWritten() {
    byte[] paramsOnly = VIDEO.get(0).without(5, 6).data();
    byte[] bareIdr = VIDEO.get(0).without(7, 8).data();
    assertThat(video(paramsOnly, 0, true)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.NO_SLICE)).isEqualTo(1);
    assertThat(video(bareIdr, 3000, true)).isTrue();
    assertThat(muxer.stats().parameterSetsInserted()).isEqualTo(2);
    closeAndRead();
  }

  @Test
  void timestampsGoingBackwardsOrRepeatingAreDropped() {
    assertThat(video(IDR, 30_000, true)).isTrue();
    assertThat(video(P_FRAME, 33_000, false)).isTrue();
    assertThat(video(P_FRAME, 33_000, false)).isFalse(); // duplicate
    assertThat(video(P_FRAME, 31_000, false)).isFalse(); // behind
    assertThat(muxer.writeAudio(AUDIO.get(0), 0, AUDIO.get(0).length, 30_000)).isTrue();
    assertThat(muxer.writeAudio(AUDIO.get(1), 0, AUDIO.get(1).length, 28_200)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.TIMESTAMP_NOT_INCREASING)).isEqualTo(3);
    TsSummary summary = closeAndRead();
    assertThat(summary.stream("h264").frames()).isEqualTo(2);
  }

  @ParameterizedTest(name = "a jump of {0} hours starts a new segment instead of a hole")
  @ValueSource(longs = {3, -3, 30_000})
  void timestampsJumpingByHoursAreStitched(long hours) {
    long jump = hours * 3600 * 90_000;
    for (int i = 0; i < 60; i++) {
      long pts = i * 3000L + (i >= 20 ? jump : 0);
      AccessUnit au = VIDEO.get(i);
      assertThat(video(au.data(), pts, au.keyframe())).isTrue();
      if (i < 40) {
        byte[] p = AUDIO.get(i);
        long apts = i * 1800L + (i >= 25 ? jump : 0);
        assertThat(muxer.writeAudio(p, 0, p.length, apts)).isTrue();
      }
    }
    assertThat(muxer.stats().timestampDiscontinuities()).isEqualTo(2);
    assertThat(muxer.stats().droppedTotal()).isZero();
    TsSummary summary = closeAndRead();
    StreamSummary video = summary.stream("h264");
    assertThat(video.gaps()).isEmpty();
    assertThat(video.frames()).isEqualTo(60);
    assertThat(video.durationSeconds()).isEqualTo(2.0);
    assertThat(summary.stream("opus").gaps()).isEmpty();
  }

  @Test
  void aSingleOutlierHoursAheadDoesNotDisplaceTheRest() {
    for (int i = 0; i < 30; i++) {
      long pts = i == 10 ? 5L * 3600 * 90_000 : i * 3000L;
      AccessUnit au = VIDEO.get(i);
      assertThat(video(au.data(), pts, au.keyframe())).isTrue();
    }
    TsSummary summary = closeAndRead();
    assertThat(summary.stream("h264").gaps()).isEmpty();
    assertThat(summary.stream("h264").durationSeconds()).isEqualTo(1.0);
  }

  @Test
  void aStreamPausedWhileTheOtherContinuesKeepsItsGapAndItsSync() {
    // camera off for 2 minutes while audio goes on: video resumes in sync, with a visible gap
    long twoMinutes = 120L * 90_000;
    long apts = 0;
    int a = 0;
    assertThat(video(IDR, 0, true)).isTrue();
    for (; apts <= twoMinutes; apts += 1800) {
      byte[] p = AUDIO.get(a++ % AUDIO.size());
      muxer.writeAudio(p, 0, p.length, apts);
    }
    assertThat(video(IDR, twoMinutes, true)).isTrue();
    assertThat(muxer.stats().timestampDiscontinuities()).isZero();
    TsSummary summary = closeAndRead();
    assertThat(summary.stream("h264").gaps()).hasSize(1);
    assertThat(summary.stream("h264").gaps().get(0).seconds()).isEqualTo(120.0);
  }

  @Test
  void absurdTimestampsAreRefused() {
    assertThat(video(IDR, Long.MAX_VALUE, true)).isFalse();
    assertThat(video(IDR, Long.MIN_VALUE, true)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.TIMESTAMP_OUT_OF_RANGE)).isEqualTo(2);
    assertThat(video(IDR, -90_000, true)).isTrue(); // negative but sane: written modulo 2^33
    closeAndRead();
  }

  @ParameterizedTest(name = "Opus packet {0} is refused as malformed")
  @ValueSource(strings = {"fb", "fd00", "fe01", "ff00", "ff31", "fe0a0102"})
  void malformedOpusPacketsAreRefused(String hex) {
    byte[] packet = java.util.HexFormat.of().parseHex(hex);
    assertThat(muxer.writeAudio(packet, 0, packet.length, 0)).isFalse();
    assertThat(muxer.stats().dropped(DropReason.MALFORMED_OPUS_PACKET)).isEqualTo(1);
    closeAndRead();
  }

  @Test
  void randomGarbageAsVideoAndAudioNeverBreaksTheOutput() {
    Random random = new Random(42);
    assertThat(video(IDR, 0, true)).isTrue();
    long pts = 3000;
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(3000)];
      random.nextBytes(junk);
      if (random.nextBoolean() && junk.length > 4) {
        junk[0] = 0;
        junk[1] = 0;
        junk[2] = 1; // sometimes looks like Annex-B
      }
      long t = pts + random.nextInt(20_000) - 5000;
      if (random.nextBoolean()) {
        muxer.writeVideo(junk, 0, junk.length, t, random.nextBoolean());
      } else {
        muxer.writeAudio(junk, 0, junk.length, t);
      }
      pts += 1500;
    }
    muxer.close();
    TsSummary summary = TsReader.read(sink.toByteArray());
    // garbage that passes the framing checks is muxed as is; the transport layer stays clean
    assertThat(summary.continuityErrors()).isZero();
    assertThat(summary.problemCount(io.roomrecorder.ts.reader.TsProblem.Kind.PCR_AFTER_DTS))
        .isZero();
    assertThat(
            summary.problemCount(io.roomrecorder.ts.reader.TsProblem.Kind.TIMESTAMP_NOT_INCREASING))
        .isZero();
    assertThat(summary.problemCount(io.roomrecorder.ts.reader.TsProblem.Kind.TABLE_CRC_MISMATCH))
        .isZero();
    assertThat(summary.problemCount(io.roomrecorder.ts.reader.TsProblem.Kind.MISSING_AUD)).isZero();
  }
}
