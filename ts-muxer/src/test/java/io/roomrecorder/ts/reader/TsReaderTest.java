package io.roomrecorder.ts.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ts.TsMuxer;
import io.roomrecorder.ts.TsMuxerConfig;
import io.roomrecorder.ts.testing.ByteArrayTsSink;
import io.roomrecorder.ts.testing.SampleMedia;
import io.roomrecorder.ts.testing.SampleMedia.AccessUnit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check of the reader fires on a stream broken in exactly that way, and only then. */
class TsReaderTest {
  static final List<AccessUnit> VIDEO = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
  static final List<byte[]> AUDIO = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
  static final byte[] CLEAN = mux(VIDEO);

  static byte[] mux(List<AccessUnit> video) {
    ByteArrayTsSink sink = new ByteArrayTsSink();
    try (TsMuxer muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink)) {
      int v = 0;
      int a = 0;
      while (v < video.size() || a < AUDIO.size()) {
        long vp = v < video.size() ? v * 3000L : Long.MAX_VALUE;
        long ap = a < AUDIO.size() ? a * 1800L : Long.MAX_VALUE;
        if (vp <= ap) {
          AccessUnit au = video.get(v++);
          muxer.writeVideo(au.data(), 0, au.data().length, vp, au.keyframe());
        } else {
          byte[] p = AUDIO.get(a++);
          muxer.writeAudio(p, 0, p.length, ap);
        }
      }
    }
    return sink.toByteArray();
  }

  /** Index of the n-th packet (0-based) on {@code pid} with payload_unit_start set. */
  static int unitStart(byte[] ts, int pid, int n) {
    for (int p = 0; p < ts.length; p += 188) {
      int packetPid = (ts[p + 1] & 0x1F) << 8 | ts[p + 2] & 0xFF;
      if (packetPid == pid && (ts[p + 1] & 0x40) != 0 && n-- == 0) {
        return p;
      }
    }
    throw new AssertionError("no such packet");
  }

  static int payloadStart(byte[] ts, int p) {
    return (ts[p + 3] & 0x20) != 0 ? p + 5 + (ts[p + 4] & 0xFF) : p + 4;
  }

  @Test
  void aCleanStreamIsSummarised() {
    TsSummary s = TsReader.read(CLEAN);
    assertThat(s.clean()).isTrue();
    assertThat(s.packets() * 188).isEqualTo(CLEAN.length);
    assertThat(s.streams()).extracting(StreamSummary::codec).containsExactly("h264", "opus");
    StreamSummary video = s.stream("h264");
    assertThat(video.pid()).isEqualTo(0x100);
    assertThat(video.streamType()).isEqualTo(0x1B);
    assertThat(video.frames()).isEqualTo(60);
    assertThat(video.keyframes()).isEqualTo(2);
    assertThat(video.width()).isEqualTo(320);
    assertThat(video.height()).isEqualTo(180);
    assertThat(video.durationSeconds()).isEqualTo(2.0);
    StreamSummary audio = s.stream("opus");
    assertThat(audio.streamType()).isEqualTo(0x06);
    assertThat(audio.frames()).isEqualTo(AUDIO.size());
    assertThat(audio.durationSeconds()).isEqualTo(AUDIO.size() * 0.02);
    assertThat(s.durationSeconds()).isEqualTo(AUDIO.size() * 0.02);
    assertThat(s.describe()).contains("320x180", "h264", "opus");
  }

  @Test
  void chunksOfAnySizeAndAViewInsideJunkGiveTheSameSummary() {
    TsSummary whole = TsReader.read(CLEAN);
    Random random = new Random(7);
    TsReader reader = new TsReader();
    byte[] framed = new byte[CLEAN.length + 100];
    Arrays.fill(framed, (byte) 0x47);
    System.arraycopy(CLEAN, 0, framed, 50, CLEAN.length);
    int p = 0;
    while (p < CLEAN.length) {
      int n = Math.min(CLEAN.length - p, random.nextInt(400));
      reader.accept(framed, 50 + p, n);
      p += n;
    }
    assertThat(reader.finish()).isEqualTo(whole);
  }

  @Test
  void aStreamMadeByFfmpegIsReadToo(@TempDir Path dir) throws Exception {
    Path h264 = dir.resolve("in.h264");
    Path ogg = dir.resolve("in.ogg");
    Files.write(h264, SampleMedia.read(SampleMedia.VIDEO_320x180));
    Files.write(ogg, SampleMedia.read(SampleMedia.OPUS_STEREO));
    Path ts = dir.resolve("ffmpeg.ts");
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-nostdin",
                "-v",
                "error",
                "-r",
                "30",
                "-i",
                h264.toString(),
                "-i",
                ogg.toString(),
                "-c",
                "copy",
                "-f",
                "mpegts",
                ts.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(new String(p.getInputStream().readAllBytes())).isEmpty();
    assertThat(p.waitFor()).isZero();
    TsSummary s;
    try (var in = Files.newInputStream(ts)) {
      s = TsReader.read(in);
    }
    assertThat(s.stream("h264").frames()).isEqualTo(60);
    assertThat(s.stream("h264").width()).isEqualTo(320);
    assertThat(s.stream("opus").frames()).isEqualTo(AUDIO.size());
    assertThat(s.continuityErrors()).isZero();
    assertThat(s.problemCount(TsProblem.Kind.TABLE_CRC_MISMATCH)).isZero();
    assertThat(s.problemCount(TsProblem.Kind.SYNC_LOSS)).isZero();
    assertThat(s.problemCount(TsProblem.Kind.MISSING_AUD)).isZero();
  }

  @Test
  void junkBetweenPacketsIsASyncLossAndReadingResumes() {
    byte[] ts = new byte[CLEAN.length + 5];
    int cut = 188 * 40;
    System.arraycopy(CLEAN, 0, ts, 0, cut);
    System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, ts, cut, 5);
    System.arraycopy(CLEAN, cut, ts, cut + 5, CLEAN.length - cut);
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.SYNC_LOSS)).isEqualTo(1);
    assertThat(s.problems().get(0).byteOffset()).isEqualTo(cut);
    assertThat(s.problemCount()).isEqualTo(1);
    assertThat(s.stream("h264").frames()).isEqualTo(60);
  }

  @Test
  void aStreamEndingInsideAPacketIsTruncated() {
    TsSummary s = TsReader.read(Arrays.copyOf(CLEAN, CLEAN.length - 100));
    assertThat(s.problemCount(TsProblem.Kind.TRUNCATED_PACKET)).isEqualTo(1);
  }

  @Test
  void aMissingPacketIsAContinuityError() {
    int victim = unitStart(CLEAN, 0x100, 5) + 188; // second packet of the sixth video PES
    byte[] ts = new byte[CLEAN.length - 188];
    System.arraycopy(CLEAN, 0, ts, 0, victim);
    System.arraycopy(CLEAN, victim + 188, ts, victim, CLEAN.length - victim - 188);
    TsSummary s = TsReader.read(ts);
    assertThat(s.continuityErrors()).isEqualTo(1);
    assertThat(s.stream("h264").continuityErrors()).isEqualTo(1);
    assertThat(s.problems().get(0).kind()).isEqualTo(TsProblem.Kind.CONTINUITY_ERROR);
    assertThat(s.problems().get(0).byteOffset()).isEqualTo(victim);
  }

  @Test
  void aDuplicatedPacketIsAllowedOnce() {
    int dup = unitStart(CLEAN, 0x100, 5);
    byte[] ts = new byte[CLEAN.length + 188];
    System.arraycopy(CLEAN, 0, ts, 0, dup + 188);
    System.arraycopy(CLEAN, dup, ts, dup + 188, CLEAN.length - dup);
    assertThat(TsReader.read(ts).continuityErrors()).isZero();
  }

  @Test
  void aCorruptPmtFailsItsCrc() {
    byte[] ts = CLEAN.clone();
    int pmt = 188; // second packet
    ts[pmt + 5 + 12] ^= 0x01; // a byte inside the section body
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.TABLE_CRC_MISMATCH)).isEqualTo(1);
    assertThat(s.problems().get(0).pid()).isEqualTo(0x1000);
  }

  @Test
  void aPtsBeforeThePcrAndGoingBackwardsIsReported() {
    byte[] ts = CLEAN.clone();
    int p = unitStart(ts, 0x100, 10);
    int pes = payloadStart(ts, p);
    // PTS 0: before the PCR (which runs 63000 ticks behind the PTS) and before the previous PES
    byte[] zero = {0x21, 0x00, 0x01, 0x00, 0x01};
    System.arraycopy(zero, 0, ts, pes + 9, 5);
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.PCR_AFTER_DTS)).isEqualTo(1);
    assertThat(s.problemCount(TsProblem.Kind.TIMESTAMP_NOT_INCREASING)).isEqualTo(1);
  }

  @Test
  void anH264PesWithoutAudIsReported() {
    byte[] ts = CLEAN.clone();
    int pes = payloadStart(ts, unitStart(ts, 0x100, 3));
    assertThat(ts[pes + 14 + 4]).isEqualTo((byte) 0x09);
    ts[pes + 14 + 4] = 0x0C; // filler data instead of the AUD
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.MISSING_AUD)).isEqualTo(1);
    assertThat(s.problemCount()).isEqualTo(1);
  }

  @Test
  void transportErrorsAndBrokenAdaptationFieldsAreReported() {
    byte[] ts = CLEAN.clone();
    ts[188 * 30 + 1] |= (byte) 0x80; // transport_error_indicator
    ts[188 * 31 + 3] &= (byte) 0xCF; // adaptation_field_control 00
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.TRANSPORT_ERROR)).isEqualTo(1);
    assertThat(s.problemCount(TsProblem.Kind.MALFORMED_ADAPTATION_FIELD)).isEqualTo(1);
  }

  @Test
  void aPcrJumpOfMoreThan100msIsReported() {
    byte[] ts = CLEAN.clone();
    int p = unitStart(ts, 0x100, 20);
    assertThat(ts[p + 5] & 0x10).isNotZero();
    ts[p + 7] += 1; // PCR base + 2^17 ticks (1.45 s)
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.PCR_INTERVAL_EXCEEDED)).isEqualTo(1);
  }

  @Test
  void aBrokenOpusControlHeaderAndABrokenPesStartAreReported() {
    byte[] ts = CLEAN.clone();
    int opus = payloadStart(ts, unitStart(ts, 0x101, 2));
    ts[opus + 14] = 0x00; // 0x7F of the first control header
    int video = payloadStart(ts, unitStart(ts, 0x100, 7));
    ts[video + 2] = 0x02; // packet_start_code_prefix broken
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.MALFORMED_OPUS)).isEqualTo(1);
    assertThat(s.problemCount(TsProblem.Kind.MALFORMED_PES)).isEqualTo(1);
    assertThat(s.stream("h264").frames()).isEqualTo(59);
  }

  @Test
  void anUnparsableSpsIsReported() {
    AccessUnit idr = VIDEO.get(0);
    byte[] bad = {0, 0, 0, 1, 0x09, (byte) 0xF0, 0, 0, 0, 1, 0x67, 0x42};
    byte[] withoutSps = idr.without(7, 9).data();
    byte[] au = new byte[bad.length + withoutSps.length];
    System.arraycopy(bad, 0, au, 0, bad.length);
    System.arraycopy(withoutSps, 0, au, bad.length, withoutSps.length);
    TsSummary s = TsReader.read(mux(List.of(new AccessUnit(au, true))));
    assertThat(s.problemCount(TsProblem.Kind.MALFORMED_SPS)).isEqualTo(1);
  }

  @Test
  void mediaBeforeTheTablesIsReported() {
    byte[] ts = Arrays.copyOfRange(CLEAN, 2 * 188, CLEAN.length); // no PAT/PMT at the start
    TsSummary s = TsReader.read(ts);
    assertThat(s.problemCount(TsProblem.Kind.PES_BEFORE_PMT)).isPositive();
    assertThat(s.stream("h264").frames()).isEqualTo(57); // from the tables 100 ms in
  }

  @Test
  void problemsListIsBoundedButCountsAreNot() {
    byte[] ts = CLEAN.clone();
    for (int p = 0; p < ts.length; p += 188) {
      ts[p + 1] |= (byte) 0x80;
    }
    TsSummary s = TsReader.read(ts);
    assertThat(s.problems()).hasSize(TsReader.MAX_LISTED_PROBLEMS);
    assertThat(s.problemCount()).isEqualTo(ts.length / 188);
  }

  @Test
  void readsFromAnInputStream() throws IOException {
    assertThat(TsReader.read(new ByteArrayInputStream(CLEAN))).isEqualTo(TsReader.read(CLEAN));
  }
}
