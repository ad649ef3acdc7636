package io.roomrecorder.ts;

import io.roomrecorder.ts.h264.AnnexB;
import io.roomrecorder.ts.opus.OpusPacket;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Objects;

/**
 * Muxes one participant's H.264 video and Opus audio into a single-program MPEG transport stream
 * (ISO/IEC 13818-1) and hands the 188-byte packets to a {@link TsSink}. Sans-IO: no files, no
 * clock; time is the PTS the caller passes.
 *
 * <h2>What it writes</h2>
 *
 * <ul>
 *   <li>PAT (PID 0) and PMT (PID 0x1000, program 1) first, before every keyframe and at least every
 *       100 ms of media time.
 *   <li>H.264 on PID 0x100 ({@code stream_type} 0x1B, stream_id 0xE0), one access unit per PES,
 *       with an access unit delimiter inserted when missing and the last SPS/PPS re-inserted into
 *       any keyframe that lacks them; {@code random_access_indicator} on keyframes.
 *   <li>Opus on PID 0x101 ({@code stream_type} 0x06, private_stream_1, registration descriptor
 *       'Opus', DVB extension descriptor 0x80): each packet behind a control header {@code 0x7FE0}
 *       + au_size, consecutive packets gathered into one PES of up to {@link
 *       TsMuxerConfig#audioPesDuration90k()}.
 *   <li>PCR on the video PID (the audio PID for audio-only) with consecutive values at most 40 ms
 *       of media time apart. PTS are written 700 ms after the PCR of the newest data, so data that
 *       arrives up to 700 ms behind the other stream still satisfies PCR ≤ DTS; data further behind
 *       is dropped and counted ({@link DropReason#BEHIND_PROGRAM_CLOCK}), never written behind its
 *       PCR.
 * </ul>
 *
 * <h2>Timestamps</h2>
 *
 * PTS are 90 kHz on one origin shared by both streams, as 64-bit values that may exceed 2^33 (the
 * muxer wraps them when writing). DTS = PTS: input must not contain B-frames (WebRTC's H.264 has
 * none). Per stream, a PTS not greater than the previous one is dropped ({@link
 * DropReason#TIMESTAMP_NOT_INCREASING}); a jump of more than {@link
 * TsMuxerConfig#maxTimestampJump90k()} ahead of the whole program, or that far backwards, starts a
 * new segment continuing one frame after the previous access unit (counted in {@link
 * TsMuxerStats#timestampDiscontinuities()}). Video before the first keyframe is dropped; either
 * stream may start later than the other.
 *
 * <h2>Bad input</h2>
 *
 * Malformed media (empty, oversized, not Annex-B, broken NAL headers, invalid Opus framing) is
 * dropped and counted by {@link DropReason}, never thrown: the method returns {@code false}.
 * Programming errors throw: writing a stream the config does not have ({@link
 * IllegalStateException}), bounds outside the array ({@link IndexOutOfBoundsException}), use after
 * {@link #close()} ({@link IllegalStateException}).
 *
 * <h2>Threads and buffers</h2>
 *
 * Not thread-safe: one thread (the session's executor) drives a muxer. Every {@code write…} method
 * borrows its array only for the duration of the call; the muxer copies what it keeps. The sink is
 * called on the caller's thread; its exceptions propagate, after which the muxer should be closed.
 */
public final class TsMuxer implements AutoCloseable {
  /** ISO/IEC 13818-1 §2.7.2 allows 100 ms between PCRs; DVB (TR 101 290) asks for 40 ms. */
  static final long PCR_INTERVAL_90K = 3600;

  /** PAT/PMT repetition (the "at least every 100 ms"). */
  static final long TABLE_INTERVAL_90K = 9000;

  /** Distance between the PCR of the newest data and the PTS written (see class Javadoc). */
  static final long PTS_DELAY_90K = 63_000;

  /** The muxer buffers this many packets (≈48 KB) before calling the sink. */
  private static final int BUFFER_PACKETS = 256;

  /** access_unit_delimiter_rbsp (H.264 §7.3.2.4): primary_pic_type 7 (any slice type). */
  private static final byte[] AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0};

  private static final byte[] START_CODE = {0, 0, 0, 1};

  /** Opus packets bigger than this cannot be valid (RFC 6716: at most 48 frames of 1275 bytes). */
  private static final int MAX_OPUS_PACKET = 61_440;

  private final TsMuxerConfig config;
  private final TsSink sink;
  private final TsPacketWriter packets;
  private final ProgramTables tables;
  private final StreamTimeline videoTimeline;
  private final StreamTimeline audioTimeline;

  private long programClock = StreamTimeline.UNSET;
  private long lastTables = StreamTimeline.UNSET;
  private long lastPcr = StreamTimeline.UNSET;
  private boolean waitingForKeyframe = true;
  private boolean closed;

  // Remembered parameter sets (NAL unit bytes without start code), re-inserted before IDRs.
  private byte[] sps = new byte[64];
  private int spsLength;
  private byte[] pps = new byte[64];
  private int ppsLength;

  // The payload of the PES being written, as views; segment 0 is the PES header.
  private final byte[][] segmentArray = new byte[12][];
  private final int[] segmentOffset = new int[12];
  private final int[] segmentLength = new int[12];
  private int segmentCount;
  private int strayAudStart;
  private int strayAudEnd;
  private final byte[] pesHeader = new byte[PesHeader.PTS_DTS_LENGTH];

  // Opus packets gathered for the next audio PES: control header + packet, repeated.
  private final byte[] audioPes = new byte[2 * MAX_OPUS_PACKET];
  private int audioPesLength;
  private int audioPesPackets;
  private long audioPesPts;
  private long audioPesEnd;
  private long audioPesTicks;

  // Counters for TsMuxerStats.
  private long videoIn;
  private long videoOut;
  private long audioIn;
  private long audioOut;
  private final long[] dropped = new long[DropReason.values().length];
  private long audsInserted;
  private long parameterSetsInserted;
  private long payloadBytes;
  private long pesBehindPcr;

  /**
   * Creates a muxer writing to {@code sink}. The muxer takes the sink: {@link #close()} flushes and
   * closes it.
   */
  public TsMuxer(TsMuxerConfig config, TsSink sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.packets = new TsPacketWriter(sink, BUFFER_PACKETS);
    this.tables = new ProgramTables(config);
    this.videoTimeline = new StreamTimeline(config.maxTimestampJump90k(), 3000);
    this.audioTimeline = new StreamTimeline(config.maxTimestampJump90k(), 1800);
  }

  /**
   * Muxes one H.264 access unit.
   *
   * @param annexB the access unit as Annex-B NAL units (start code first); borrowed for the call
   * @param pts90k presentation time, 90 kHz, common origin with audio; may exceed 2^33
   * @param keyframe whether the caller knows it to be a random access point (an IDR slice in the
   *     access unit counts as a keyframe too)
   * @return {@code true} if written, {@code false} if dropped (see {@link #stats()})
   */
  public boolean writeVideo(byte[] annexB, int off, int len, long pts90k, boolean keyframe) {
    ensureOpen();
    if (!config.video()) {
      throw new IllegalStateException("this muxer has no video stream");
    }
    Objects.checkFromIndexSize(off, len, annexB.length);
    videoIn++;
    if (len == 0) {
      return drop(DropReason.EMPTY);
    }
    if (len > config.maxAccessUnitSize()) {
      return drop(DropReason.OVERSIZED);
    }
    int end = off + len;
    int startCode = AnnexB.startCodeLength(annexB, off, end);
    if (startCode == 0) {
      return drop(DropReason.NO_START_CODE);
    }
    // Walk the NAL units up to the first coded slice (H.264 §7.4.1.2.3: AUD, SPS, PPS and SEI
    // precede it), noting what is present and where SPS and PPS would have to go.
    boolean hasAud = false;
    boolean hasSps = false;
    boolean hasPps = false;
    boolean idr = false;
    int ppsOrSlice = -1;
    int firstSlice = -1;
    strayAudStart = -1;
    strayAudEnd = -1;
    int nal = off + startCode - 3; // position of "00 00 01"
    boolean first = true;
    while (nal >= 0) {
      int header = nal + 3;
      if (header >= end || (annexB[header] & 0x80) != 0) {
        return drop(DropReason.MALFORMED_NAL_UNIT); // empty NAL or forbidden_zero_bit set
      }
      int type = annexB[header] & 0x1F;
      if (AnnexB.isSlice(type)) {
        // The slice data is never scanned: this loop touches only the first few dozen bytes.
        firstSlice = nal;
        ppsOrSlice = ppsOrSlice < 0 ? nal : ppsOrSlice;
        idr = type == AnnexB.NAL_IDR_SLICE;
        break;
      }
      int next = AnnexB.findStartCode(annexB, header + 1, end);
      int nalEnd = next < 0 ? end : next;
      if (type == AnnexB.NAL_AUD) {
        if (first) {
          hasAud = true;
        } else if (strayAudStart < 0) {
          // An AUD after other NAL units would split the access unit in two (H.264 §7.4.1.2.3):
          // leave it out, the one at the front is the AU's delimiter.
          strayAudStart = nal;
          strayAudEnd = nalEnd;
        }
      } else if (type == AnnexB.NAL_SPS) {
        hasSps = true;
        rememberSps(annexB, header, trimTrailingZeros(annexB, header, nalEnd));
      } else if (type == AnnexB.NAL_PPS) {
        hasPps = true;
        rememberPps(annexB, header, trimTrailingZeros(annexB, header, nalEnd));
        ppsOrSlice = ppsOrSlice < 0 ? nal : ppsOrSlice;
      }
      first = false;
      nal = next;
    }
    if (firstSlice < 0) {
      return drop(DropReason.NO_SLICE);
    }
    boolean key = keyframe || idr;
    if (waitingForKeyframe && !key) {
      return drop(DropReason.WAITING_FOR_KEYFRAME);
    }
    boolean insertSps = key && !hasSps;
    boolean insertPps = key && !hasPps;
    if ((insertSps && spsLength == 0) || (insertPps && ppsLength == 0)) {
      return drop(DropReason.MISSING_PARAMETER_SETS);
    }
    long pts = videoTimeline.admit(pts90k, programClock);
    if (pts == StreamTimeline.REJECT_NOT_INCREASING) {
      return drop(DropReason.TIMESTAMP_NOT_INCREASING);
    }
    if (pts == StreamTimeline.REJECT_OUT_OF_RANGE) {
      return drop(DropReason.TIMESTAMP_OUT_OF_RANGE);
    }
    if (isBehindProgramClock(pts)) {
      return drop(DropReason.BEHIND_PROGRAM_CLOCK);
    }
    waitingForKeyframe = false;
    // Keep audio interleaved: a gathered PES older than its maximum duration goes out first, and
    // before the program clock moves on to this frame, so that the PCRs in front of it stay
    // behind its DTS (ISO 13818-1 T-STD) even when the audio stopped while the video went on.
    if (audioPesPackets > 0 && pts - audioPesPts >= config.audioPesDuration90k()) {
      writeAudioPes();
    }
    advanceProgramClock(pts);

    // PES payload: [AUD] [NALs before the first PPS/slice] [SPS] [up to the slice] [PPS] [rest]
    segmentCount = 1;
    if (!hasAud) {
      addSegment(AUD, 0, AUD.length);
      audsInserted++;
    }
    addInputSegment(annexB, off, ppsOrSlice);
    if (insertSps) {
      addSegment(START_CODE, 0, 4);
      addSegment(sps, 0, spsLength);
      parameterSetsInserted++;
    }
    addInputSegment(annexB, ppsOrSlice, firstSlice);
    if (insertPps) {
      addSegment(START_CODE, 0, 4);
      addSegment(pps, 0, ppsLength);
      parameterSetsInserted++;
    }
    addSegment(annexB, firstSlice, end - firstSlice);
    long pcr = beforePes(ProgramTables.VIDEO_PID, key);
    writePes(ProgramTables.VIDEO_PID, PesHeader.STREAM_ID_VIDEO, pts, key, pcr);
    videoOut++;
    return true;
  }

  /**
   * Muxes one Opus packet (RFC 6716 §3). Packets are gathered and written as one PES once they span
   * {@link TsMuxerConfig#audioPesDuration90k()}, when the next one does not follow on, or at {@link
   * #flush()}.
   *
   * @param opusPacket the packet; borrowed for the call (the muxer copies it)
   * @param pts90k presentation time, 90 kHz, common origin with video; may exceed 2^33
   * @return {@code true} if accepted, {@code false} if dropped (see {@link #stats()})
   */
  public boolean writeAudio(byte[] opusPacket, int off, int len, long pts90k) {
    ensureOpen();
    if (!config.audio()) {
      throw new IllegalStateException("this muxer has no audio stream");
    }
    Objects.checkFromIndexSize(off, len, opusPacket.length);
    audioIn++;
    if (len == 0) {
      return drop(DropReason.EMPTY);
    }
    if (len > MAX_OPUS_PACKET) {
      return drop(DropReason.OVERSIZED);
    }
    int samples = OpusPacket.durationSamples48k(opusPacket, off, len);
    if (samples < 0) {
      return drop(DropReason.MALFORMED_OPUS_PACKET);
    }
    long pts = audioTimeline.admit(pts90k, programClock);
    if (pts == StreamTimeline.REJECT_NOT_INCREASING) {
      return drop(DropReason.TIMESTAMP_NOT_INCREASING);
    }
    if (pts == StreamTimeline.REJECT_OUT_OF_RANGE) {
      return drop(DropReason.TIMESTAMP_OUT_OF_RANGE);
    }
    if (isBehindProgramClock(pts)) {
      return drop(DropReason.BEHIND_PROGRAM_CLOCK);
    }
    long ticks = samples * 15L / 8; // 48 kHz samples -> 90 kHz ticks
    boolean followsOn = Math.abs(pts - audioPesEnd) <= 90; // within 1 ms of where the last ended
    if (audioPesPackets > 0
        && (!followsOn
            || audioPesTicks + ticks > config.audioPesDuration90k()
            || audioPesLength + len + 2 + len / 255 + 1 > audioPes.length)) {
      writeAudioPes(); // at the clock it was gathered under, before a gap moves the clock on
    }
    advanceProgramClock(pts);
    if (audioPesPackets == 0) {
      audioPesPts = pts;
      audioPesTicks = 0;
    }
    // Opus-in-TS control header: 11-bit prefix 0x3FF, start_trim 0, end_trim 0,
    // control_extension 0, 2 reserved bits -> 0x7FE0; then au_size as 0xFF bytes plus a remainder.
    byte[] b = audioPes;
    int p = audioPesLength;
    b[p++] = 0x7F;
    b[p++] = (byte) 0xE0;
    int size = len;
    while (size >= 255) {
      b[p++] = (byte) 0xFF;
      size -= 255;
    }
    b[p++] = (byte) size;
    System.arraycopy(opusPacket, off, b, p, len);
    audioPesLength = p + len;
    audioPesPackets++;
    audioPesTicks += ticks;
    audioPesEnd = pts + ticks;
    if (audioPesTicks >= config.audioPesDuration90k()) {
      writeAudioPes();
    }
    return true;
  }

  /**
   * Flush point: writes gathered audio, hands every buffered packet to the sink and calls {@link
   * TsSink#flush()}. Everything accepted before this call is then in the sink.
   */
  public void flush() {
    ensureOpen();
    if (audioPesPackets > 0) {
      writeAudioPes();
    }
    packets.drain();
    sink.flush();
  }

  /** Flushes and closes the sink. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } finally {
      closed = true;
      sink.close();
    }
  }

  /** A snapshot of the counters; allocates, call it for reporting, not per packet. */
  public TsMuxerStats stats() {
    EnumMap<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      byReason.put(r, dropped[r.ordinal()]);
    }
    return new TsMuxerStats(
        videoIn,
        videoOut,
        audioIn,
        audioOut,
        byReason,
        audsInserted,
        parameterSetsInserted,
        videoTimeline.discontinuities() + audioTimeline.discontinuities(),
        packets.packets(),
        payloadBytes,
        pesBehindPcr);
  }

  /** The configuration this muxer was built with. */
  public TsMuxerConfig config() {
    return config;
  }

  private void writeAudioPes() {
    segmentCount = 1;
    addSegment(audioPes, 0, audioPesLength);
    boolean audioOnly = !config.video();
    long pcr = beforePes(ProgramTables.AUDIO_PID, false);
    writePes(ProgramTables.AUDIO_PID, PesHeader.STREAM_ID_PRIVATE_1, audioPesPts, audioOnly, pcr);
    audioOut += audioPesPackets;
    audioPesPackets = 0;
    audioPesLength = 0;
  }

  /** Whether a PES at {@code pts} would be written after a PCR later than its DTS. */
  private boolean isBehindProgramClock(long pts) {
    return programClock != StreamTimeline.UNSET && pts + PTS_DELAY_90K < programClock;
  }

  private void advanceProgramClock(long pts) {
    if (programClock == StreamTimeline.UNSET || pts > programClock) {
      programClock = pts;
    }
  }

  /**
   * Writes what must precede a PES at the current program clock: PAT/PMT when due (start, keyframe,
   * 100 ms), and PCRs so that consecutive values are at most 40 ms apart.
   *
   * @return the PCR (27 MHz) to put into the PES's first packet, or {@link TsPacketWriter#NO_PCR}
   */
  private long beforePes(int pid, boolean keyframe) {
    long now = programClock;
    if (lastTables == StreamTimeline.UNSET || keyframe || now - lastTables >= TABLE_INTERVAL_90K) {
      packets.writeTemplate(tables.patPacket, ProgramTables.PAT_PID);
      packets.writeTemplate(tables.pmtPacket, ProgramTables.PMT_PID);
      lastTables = now;
    }
    if (lastPcr != StreamTimeline.UNSET) {
      // Media time advanced by more than 40 ms since the last PCR: fill the gap (bounded, as
      // a stream that starts late may jump the clock by seconds).
      for (int i = 0; i < 256 && now - lastPcr > PCR_INTERVAL_90K; i++) {
        lastPcr += PCR_INTERVAL_90K;
        writePcrPacket(lastPcr);
      }
    }
    if (pid == tables.pcrPid) {
      lastPcr = now; // every PES on the PCR PID carries one: 7 bytes, and players lock fast
      return now * 300;
    }
    if (lastPcr == StreamTimeline.UNSET || now - lastPcr >= PCR_INTERVAL_90K) {
      lastPcr = now;
      writePcrPacket(now);
    }
    return TsPacketWriter.NO_PCR;
  }

  /** A packet on the PCR PID carrying only an adaptation field with the PCR. */
  private void writePcrPacket(long pcr90k) {
    packets.beginPacket(tables.pcrPid, false, false, pcr90k * 300, 0);
  }

  /** Adds {@code in[from, to)} minus a stray AUD found inside it. */
  private void addInputSegment(byte[] in, int from, int to) {
    if (strayAudStart >= from && strayAudStart < to) {
      addSegment(in, from, strayAudStart - from);
      addSegment(in, strayAudEnd, to - strayAudEnd);
    } else {
      addSegment(in, from, to - from);
    }
  }

  private void addSegment(byte[] array, int off, int len) {
    if (len > 0) {
      segmentArray[segmentCount] = array;
      segmentOffset[segmentCount] = off;
      segmentLength[segmentCount] = len;
      segmentCount++;
    }
  }

  /**
   * PES layer: header (segment 0) plus payload segments, cut into transport packets. The first
   * packet carries payload_unit_start_indicator, the random access flag and the PCR; the last is
   * stuffed through its adaptation field.
   */
  private void writePes(int pid, int streamId, long pts, boolean randomAccess, long pcr27) {
    int payloadLength = 0;
    for (int i = 1; i < segmentCount; i++) {
      payloadLength += segmentLength[i];
    }
    if (pts + PTS_DELAY_90K < programClock) {
      pesBehindPcr++; // this stream lags the other by more than the delay: PCR > DTS
    }
    long written = pts + PTS_DELAY_90K;
    int headerLength = PesHeader.write(pesHeader, 0, streamId, written, written, payloadLength);
    segmentArray[0] = pesHeader;
    segmentOffset[0] = 0;
    segmentLength[0] = headerLength;
    payloadBytes += payloadLength;

    int remaining = headerLength + payloadLength;
    int segment = 0;
    int segmentPos = 0;
    boolean firstPacket = true;
    byte[] out = packets.buffer();
    while (remaining > 0) {
      int room =
          firstPacket
              ? TsPacketWriter.maxPayload(randomAccess, pcr27 != TsPacketWriter.NO_PCR)
              : TsPacketWriter.MAX_PAYLOAD;
      int n = Math.min(remaining, room);
      int p =
          firstPacket
              ? packets.beginPacket(pid, true, randomAccess, pcr27, n)
              : packets.beginPacket(pid, false, false, TsPacketWriter.NO_PCR, n);
      remaining -= n;
      while (n > 0) {
        int available = segmentLength[segment] - segmentPos;
        int chunk = Math.min(available, n);
        System.arraycopy(segmentArray[segment], segmentOffset[segment] + segmentPos, out, p, chunk);
        p += chunk;
        n -= chunk;
        segmentPos += chunk;
        if (segmentPos == segmentLength[segment]) {
          segment++;
          segmentPos = 0;
        }
      }
      firstPacket = false;
    }
    Arrays.fill(segmentArray, 0, segmentCount, null);
    segmentCount = 0;
  }

  private void rememberSps(byte[] b, int off, int len) {
    if (len != spsLength || !Arrays.equals(b, off, off + len, sps, 0, len)) {
      if (sps.length < len) {
        sps = new byte[len];
      }
      System.arraycopy(b, off, sps, 0, len);
      spsLength = len;
    }
  }

  private void rememberPps(byte[] b, int off, int len) {
    if (len != ppsLength || !Arrays.equals(b, off, off + len, pps, 0, len)) {
      if (pps.length < len) {
        pps = new byte[len];
      }
      System.arraycopy(b, off, pps, 0, len);
      ppsLength = len;
    }
  }

  /** A NAL unit ends before the zero bytes of the next 4-byte start code (trailing_zero_8bits). */
  private static int trimTrailingZeros(byte[] b, int from, int end) {
    int e = end;
    while (e > from + 1 && b[e - 1] == 0) {
      e--;
    }
    return e - from;
  }

  private boolean drop(DropReason reason) {
    dropped[reason.ordinal()]++;
    return false;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("muxer is closed");
    }
  }
}
