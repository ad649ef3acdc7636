package io.roomrecorder.webm;

import io.roomrecorder.webm.codec.OpusHead;
import io.roomrecorder.webm.codec.OpusPacket;
import io.roomrecorder.webm.codec.Vp8FrameHeader;
import io.roomrecorder.webm.ebml.EbmlWriter;
import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.ebml.Vint;
import java.util.EnumMap;
import java.util.Objects;

/**
 * Muxes VP8 video and Opus audio into a live-recording WebM file (Matroska, RFC 9559, restricted to
 * the WebM profile) handed to a {@link WebmSink}. Sans-IO: frames and their timestamps in, bytes
 * out to the sink; no clock, no threads.
 *
 * <h2>File layout</h2>
 *
 * <pre>
 *   EBML header            DocType "webm", DocTypeVersion 4, DocTypeReadVersion 2
 *   Segment (size unknown: 8-octet all-ones VINT, patched on close when seekable)
 *     [96 octets]          SeekHead(Info, Tracks[, Cues]) + Void padding
 *     Info                 TimestampScale 1 ms, MuxingApp, WritingApp, [11 octets: Void → Duration]
 *     Tracks               1: V_VP8 PixelWidth/PixelHeight (2 octets each, patchable)
 *                          2: A_OPUS CodecPrivate=OpusHead, CodecDelay, SeekPreRoll 80 ms
 *     Cluster (size unknown) Timestamp, SimpleBlock...   one per video key frame and ≤ 5 s
 *     ...
 *     Cues                 written by close(): one CuePoint per key frame Cluster
 * </pre>
 *
 * Every element the muxer finishes is complete when it reaches the sink, and the Segment and
 * Clusters have unknown sizes (RFC 9559 §6.2, RFC 8794 §6.2), so whatever reached disk at the last
 * {@link #flush()} is a playable file even if the process is killed: that is what recorder-core's
 * once-a-second flush relies on. {@link #close()} appends the Cues; with a {@link SeekableWebmSink}
 * it also patches the sizes, Duration and SeekHead in place (no byte moves).
 *
 * <h2>Frames</h2>
 *
 * One frame is one SimpleBlock without lacing (RFC 9559 §10.2): track number, a signed 16-bit
 * timestamp relative to the Cluster, flags (key frame bit for VP8 key frames and every Opus
 * packet). A new Cluster starts at every VP8 key frame (so seeking lands on a decodable frame),
 * whenever the open one has lasted {@value #MAX_CLUSTER_DURATION_MS} ms, and before a relative
 * timestamp would overflow 16 bits. Key frames and sizes come from the VP8 frame header itself (RFC
 * 6386 §9.1); the caller's {@code keyframe} flag is only cross-checked and disagreements counted.
 *
 * <h2>Resolution changes</h2>
 *
 * Matroska has one Tracks element per Segment (RFC 9559 §5.1.4: not repeatable), and a live file
 * cannot rewrite it, so a mid-stream size change cannot be announced in the container. It need not
 * be: every VP8 key frame carries its own size, and decoders (libavcodec's vp8, libvpx in Chromium
 * and Firefox) reconfigure on it. Chromium's MediaRecorder writes the first frame's size and never
 * updates it; FFmpeg's Matroska muxer writes the size known when the header is written. This muxer
 * writes the first key frame's size (or the configured size if audio comes first) and, on close
 * with a seekable sink, replaces it with the largest key frame size seen, so players that size
 * their surface from the header fit every frame and ffprobe reports the recording's main resolution
 * rather than the low start-up size of a WebRTC bitrate ramp. A key frame with a new size opens a
 * Cluster anyway, so the change always lands on a Cluster boundary.
 *
 * <h2>Timestamps</h2>
 *
 * Timestamps are 90 kHz ticks on one origin shared by both tracks, as for ts-muxer's {@code
 * TsMuxer} (recorder-core's A/V-synchronised clock); the first frame written becomes time 0 and
 * blocks carry milliseconds (TimestampScale 1,000,000 ns: 90 ticks). Per track they must increase
 * at that resolution (a duplicate or reordered frame is dropped and counted). A frame further than
 * {@link WebmMuxerConfig#maxTimestampJump90k()} from the file's latest timestamp, in either
 * direction, is a clock discontinuity: the muxer re-bases its offset so the frame lands at the
 * latest timestamp and the file stays continuous, and counts it. A frame from the track that starts
 * second whose timestamp precedes time 0 is clamped to 0 (counted).
 *
 * <h2>Bad input</h2>
 *
 * Bad frames are dropped: the write method returns {@code false} and {@link WebmMuxerStats} counts
 * the {@link DropReason}; they never throw. Exceptions are reserved for caller bugs: a null array
 * or out-of-range view ({@link IndexOutOfBoundsException}), a write to a track the config does not
 * have or after {@link #close()} ({@link IllegalStateException}), and whatever the sink throws,
 * which leaves the muxer failed (further writes throw {@link IllegalStateException}; close() then
 * only closes the sink).
 *
 * <h2>Threads and buffers</h2>
 *
 * Not thread-safe: one thread (the participant's serial executor) owns a muxer and its sink. Every
 * write method borrows the caller's array only for the duration of the call and passes the frame
 * bytes straight to the sink without copying; the muxer allocates nothing per frame.
 */
public final class WebmMuxer implements AutoCloseable {
  /** A Cluster is closed once it spans this long (WebM muxer guidelines: at most 5 s). */
  public static final long MAX_CLUSTER_DURATION_MS = 5_000;

  /** Info MuxingApp. */
  public static final String MUXING_APP = "Room Recorder webm-muxer";

  /** Matroska ticks: 1 ms (RFC 9559 §11.1; the WebM guideline value). */
  static final long TIMESTAMP_SCALE_NS = 1_000_000;

  /** 90 kHz ticks per Matroska tick. */
  private static final long TICKS_PER_MS = 90;

  /** Opus SeekPreRoll: 80 ms, the decoder convergence time of RFC 7845 §4.6. */
  static final long SEEK_PRE_ROLL_NS = 80_000_000;

  /** Room reserved at the start of the Segment for the SeekHead (three Seek entries fit). */
  static final int SEEK_HEAD_REGION = 96;

  /** Duration element: 2-octet ID, 1-octet size, 8-octet float. */
  static final int DURATION_ELEMENT_LENGTH = 11;

  /** Timestamps beyond ±2^60 ticks are garbage; refusing them keeps the offset math exact. */
  private static final long MAX_ABS_TIMESTAMP_90K = 1L << 60;

  /** SimpleBlock flags (RFC 9559 §10.2): bit 0x80 marks a key frame. */
  private static final int FLAG_KEYFRAME = 0x80;

  private enum State {
    NEW,
    RECORDING,
    CLOSED,
    FAILED
  }

  /** One track's progress on the file timeline. */
  private static final class Track {
    final int number;
    final boolean isVideo;
    boolean written;
    long lastRel;
    long lastMs;
    long endRel;
    long lastDuration;
    long framesIn;
    long framesOut;

    Track(int number, boolean isVideo) {
      this.number = number;
      this.isVideo = isVideo;
    }
  }

  private final WebmMuxerConfig config;
  private final WebmSink sink;
  private final SeekableWebmSink seekableSink;
  private final Track video;
  private final Track audio;
  private final Vp8FrameHeader vp8 = new Vp8FrameHeader();
  private final byte[] scratch = new byte[32];
  private State state = State.NEW;

  // Layout: absolute file positions (0 = the first byte this muxer wrote).
  private long position;
  private long segmentSizePosition;
  private long segmentDataStart;
  private long seekHeadPosition;
  private long infoPosition;
  private long tracksPosition;
  private long durationPosition;
  private long pixelWidthPosition = -1;
  private long pixelHeightPosition = -1;

  // Clusters and cues.
  private boolean clusterOpen;
  private long clusterTimestampMs;
  private int clusterBlocks;
  private final LongList clusterPositions = new LongList();
  private final LongList cueTimesMs = new LongList();
  private final LongList cuePositions = new LongList();

  // Timeline, in 90 kHz ticks.
  private boolean anyWritten;
  private long origin;
  private long offset;
  private long now;

  // Video size.
  private int width;
  private int height;
  private int maxWidth;
  private int maxHeight;

  // Counters.
  private final long[] dropped = new long[DropReason.values().length];
  private long payloadBytes;
  private long resolutionChanges;
  private long timestampJumps;
  private long clampedTimestamps;
  private long keyframeFlagMismatches;

  /**
   * A muxer writing to {@code sink}. Nothing is written until the first frame, {@link #flush()} or
   * {@link #close()}. If {@code sink} is a {@link SeekableWebmSink}, close() finalizes the file.
   * The muxer takes the sink: {@link #close()} flushes and closes it.
   */
  public WebmMuxer(WebmMuxerConfig config, WebmSink sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.seekableSink = sink instanceof SeekableWebmSink s ? s : null;
    this.video = config.video() ? new Track(1, true) : null;
    this.audio = config.audio() ? new Track(config.video() ? 2 : 1, false) : null;
    if (config.video()) {
      width = config.initialWidth();
      height = config.initialHeight();
    }
  }

  /**
   * Muxes one VP8 frame (a complete frame as reassembled from RTP, RFC 7741 §4.5).
   *
   * @param frame the array holding the frame; borrowed for this call only
   * @param off where the frame starts in {@code frame}
   * @param len the frame's length in octets
   * @param pts90k presentation time, 90 kHz, common origin with audio
   * @param keyframe what the depacketizer believes; the VP8 frame header decides, and a
   *     disagreement is counted in {@link WebmMuxerStats#keyframeFlagMismatches()}
   * @return {@code true} if written, {@code false} if dropped (see {@link #stats()})
   * @throws IllegalStateException if the config has no video track, or after close or a sink
   *     failure
   * @throws IndexOutOfBoundsException if the view lies outside {@code frame}
   */
  public boolean writeVideo(byte[] frame, int off, int len, long pts90k, boolean keyframe) {
    requireWritable(video, "video");
    Objects.checkFromIndexSize(off, len, frame.length);
    video.framesIn++;
    if (len == 0) {
      return drop(DropReason.EMPTY);
    }
    if (len > config.maxFrameSize()) {
      return drop(DropReason.OVERSIZED);
    }
    if (!vp8.parse(frame, off, len)) {
      return drop(DropReason.MALFORMED_VP8_FRAME);
    }
    boolean key = vp8.keyframe();
    if (key != keyframe) {
      keyframeFlagMismatches++;
    }
    if (!video.written && !key) {
      return drop(DropReason.WAITING_FOR_KEYFRAME);
    }
    return writeFrame(video, frame, off, len, pts90k, key, -1);
  }

  /**
   * Muxes one Opus packet (an RTP payload, RFC 7587 §4.2).
   *
   * @param opusPacket the array holding the packet; borrowed for this call only
   * @param off where the packet starts
   * @param len the packet's length in octets
   * @param pts90k presentation time, 90 kHz, common origin with video
   * @return {@code true} if written, {@code false} if dropped (see {@link #stats()})
   * @throws IllegalStateException if the config has no audio track, or after close or a sink
   *     failure
   * @throws IndexOutOfBoundsException if the view lies outside {@code opusPacket}
   */
  public boolean writeAudio(byte[] opusPacket, int off, int len, long pts90k) {
    requireWritable(audio, "audio");
    Objects.checkFromIndexSize(off, len, opusPacket.length);
    audio.framesIn++;
    if (len == 0) {
      return drop(DropReason.EMPTY);
    }
    if (len > config.maxFrameSize()) {
      return drop(DropReason.OVERSIZED);
    }
    int samples = OpusPacket.samples(opusPacket, off, len);
    if (samples < 0) {
      return drop(DropReason.MALFORMED_OPUS_PACKET);
    }
    return writeFrame(audio, opusPacket, off, len, pts90k, true, samples * 15L / 8);
  }

  /**
   * Writes the header if nothing was written yet and asks the sink to flush: after it returns, the
   * file on disk is playable up to the last frame written. recorder-core calls it at least once a
   * second. A no-op after {@link #close()}.
   */
  public void flush() {
    if (state == State.CLOSED) {
      return;
    }
    requireNotFailed();
    ensureStarted();
    flushSink();
  }

  /**
   * Finishes the file: appends the Cues and, with a {@link SeekableWebmSink}, patches the Segment
   * and Cluster sizes, the Duration, the SeekHead and the video size; then flushes and closes the
   * sink. Idempotent. After a sink failure it only closes the sink (the file stays as the last
   * successful write left it).
   *
   * <p>A file closed without a single frame is a well-formed header without Clusters; ffprobe 5.1
   * refuses such files ("End of file"), including the ones ffmpeg itself writes for zero frames, so
   * an embedder may prefer to delete it ({@link WebmMuxerStats#videoFramesOut()} and {@link
   * WebmMuxerStats#audioPacketsOut()} are then 0).
   */
  @Override
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.FAILED) {
      state = State.CLOSED;
      sink.close();
      return;
    }
    try {
      finish();
    } finally {
      state = State.CLOSED;
      sink.close();
    }
  }

  private void finish() {
    ensureStarted();
    long cuesPosition = position;
    if (cueTimesMs.size() > 0) {
      byte[] cues = buildCues();
      emit(cues, 0, cues.length);
    } else {
      cuesPosition = -1;
    }
    if (seekableSink != null) {
      finalizeInPlace(cuesPosition);
    }
    flushSink();
  }

  /** A snapshot of the counters; allocates, call it for reporting, not per frame. */
  public WebmMuxerStats stats() {
    EnumMap<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      byReason.put(r, dropped[r.ordinal()]);
    }
    return new WebmMuxerStats(
        video == null ? 0 : video.framesIn,
        video == null ? 0 : video.framesOut,
        audio == null ? 0 : audio.framesIn,
        audio == null ? 0 : audio.framesOut,
        byReason,
        timestampJumps,
        clampedTimestamps,
        keyframeFlagMismatches,
        resolutionChanges,
        width,
        height,
        maxWidth,
        maxHeight,
        clusterPositions.size(),
        cueTimesMs.size(),
        durationTicks() / TICKS_PER_MS,
        position,
        payloadBytes);
  }

  /** The configuration this muxer was built with. */
  public WebmMuxerConfig config() {
    return config;
  }

  // ---------------------------------------------------------------------------------------------

  private void requireWritable(Track track, String kind) {
    if (track == null) {
      throw new IllegalStateException("this WebM file has no " + kind + " track");
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("WebM muxer is closed");
    }
    requireNotFailed();
  }

  private void requireNotFailed() {
    if (state == State.FAILED) {
      throw new IllegalStateException("WebM muxer failed earlier: its sink threw");
    }
  }

  private boolean drop(DropReason reason) {
    dropped[reason.ordinal()]++;
    return false;
  }

  /**
   * Places a validated frame on the file timeline, opens a Cluster if needed and writes the
   * SimpleBlock. Nothing is changed unless the frame is written.
   *
   * @param duration the frame's duration in ticks if known (Opus), else -1 (estimated from the
   *     previous frame of the track)
   */
  private boolean writeFrame(
      Track t, byte[] buf, int off, int len, long pts90k, boolean key, long duration) {
    if (pts90k > MAX_ABS_TIMESTAMP_90K || pts90k < -MAX_ABS_TIMESTAMP_90K) {
      return drop(DropReason.TIMESTAMP_OUT_OF_RANGE);
    }
    long rel = pts90k - (anyWritten ? origin : pts90k) + offset;
    long newOffset = offset;
    boolean jump = anyWritten && Math.abs(rel - now) > config.maxTimestampJump90k();
    if (jump) {
      // Continue where this track's previous frame ended (or at the file's latest time if that is
      // later), as if the clock had not jumped; strictly after the previous frame in any case.
      long target = now;
      if (t.written) {
        target = Math.max(target, t.lastRel + t.lastDuration);
        target = Math.max(target, (t.lastMs + 1) * TICKS_PER_MS);
      }
      newOffset += target - rel;
      rel = target;
    }
    boolean clamped = rel < 0;
    if (clamped) {
      rel = 0;
    }
    long relMs = Math.floorDiv(rel, TICKS_PER_MS);
    // Strictly increasing per track at the file's 1 ms resolution: an equal or earlier time is a
    // duplicate or a reordered frame, and demuxers (ffmpeg) reject non-increasing timestamps.
    if (t.written && relMs <= t.lastMs) {
      return drop(DropReason.TIMESTAMP_NOT_INCREASING);
    }
    long sinceCluster = relMs - clusterTimestampMs;
    boolean newCluster =
        !clusterOpen
            || (t.isVideo && key && clusterBlocks > 0)
            || sinceCluster >= MAX_CLUSTER_DURATION_MS
            || sinceCluster > Short.MAX_VALUE;
    if (!newCluster && sinceCluster < Short.MIN_VALUE) {
      return drop(DropReason.TOO_LATE_FOR_CLUSTER);
    }

    // The frame will be written: commit.
    if (!anyWritten) {
      origin = pts90k;
      anyWritten = true;
    }
    offset = newOffset;
    if (jump) {
      timestampJumps++;
    }
    if (clamped) {
      clampedTimestamps++;
    }
    if (t.isVideo && key) {
      noteKeyframeSize(vp8.width(), vp8.height());
    }
    ensureStarted();
    if (newCluster) {
      // Cluster timestamps never go backwards, even when a late block of the other track opens one;
      // the block's own time is then a negative relative timestamp (allowed, it is signed).
      long clusterMs = clusterOpen ? Math.max(relMs, clusterTimestampMs) : relMs;
      boolean cue = video == null || (t.isVideo && key);
      openCluster(clusterMs, cue ? relMs : -1);
    }
    writeSimpleBlock(t.number, relMs - clusterTimestampMs, key, buf, off, len);

    if (duration < 0) {
      long delta = t.written ? rel - t.lastRel : 0;
      duration = delta > 0 && delta <= 90_000 ? delta : t.lastDuration;
    }
    t.lastDuration = duration;
    t.lastRel = rel;
    t.lastMs = relMs;
    t.endRel = Math.max(t.endRel, rel + duration);
    t.written = true;
    t.framesOut++;
    payloadBytes += len;
    now = Math.max(now, rel);
    return true;
  }

  private void noteKeyframeSize(int w, int h) {
    if (video.written && (w != width || h != height)) {
      resolutionChanges++;
    }
    width = w;
    height = h;
    maxWidth = Math.max(maxWidth, w);
    maxHeight = Math.max(maxHeight, h);
  }

  private void writeSimpleBlock(
      int trackNumber, long relativeMs, boolean key, byte[] buf, int off, int len) {
    // SimpleBlock (RFC 9559 §10.2): ID A3, size, then
    //   track number (VINT) | timestamp (int16, relative to the Cluster) | flags | frame
    int dataLen = 4 + len;
    int p = 0;
    scratch[p++] = (byte) MatroskaId.SIMPLE_BLOCK;
    p = Vint.write(scratch, p, dataLen, Vint.widthOf(dataLen));
    scratch[p++] = (byte) (0x80 | trackNumber); // 1-octet VINT: track numbers are 1 or 2
    scratch[p++] = (byte) (relativeMs >> 8);
    scratch[p++] = (byte) relativeMs;
    scratch[p++] = (byte) (key ? FLAG_KEYFRAME : 0);
    emit(scratch, 0, p);
    emit(buf, off, len);
    clusterBlocks++;
  }

  private void openCluster(long timestampMs, long cueTimeMs) {
    long clusterPosition = position;
    // Cluster (RFC 9559 §5.1.3) of unknown size, then its Timestamp (§5.1.3.1) in ms.
    int p = EbmlWriter.writeId(scratch, 0, MatroskaId.CLUSTER);
    p = Vint.writeUnknown(scratch, p, 8);
    p = EbmlWriter.writeId(scratch, p, MatroskaId.TIMESTAMP);
    int w = EbmlWriter.uintWidth(timestampMs);
    p = Vint.write(scratch, p, w, 1);
    for (int i = w - 1; i >= 0; i--) {
      scratch[p++] = (byte) (timestampMs >>> (8 * i));
    }
    emit(scratch, 0, p);
    clusterPositions.add(clusterPosition);
    clusterOpen = true;
    clusterTimestampMs = timestampMs;
    clusterBlocks = 0;
    if (cueTimeMs >= 0) {
      cueTimesMs.add(cueTimeMs);
      cuePositions.add(clusterPosition);
    }
  }

  private void ensureStarted() {
    if (state != State.NEW) {
      return;
    }
    byte[] header = buildHeader();
    state = State.RECORDING;
    emit(header, 0, header.length);
  }

  private byte[] buildHeader() {
    EbmlWriter w = new EbmlWriter(512);
    // EBML header (RFC 8794 §11.2; WebM: DocType "webm"). DocTypeVersion 4 because CodecDelay and
    // SeekPreRoll are Matroska v4 elements; a v2 reader can still play the file
    // (DocTypeReadVersion).
    int ebml = w.startMaster(MatroskaId.EBML);
    w.uint(MatroskaId.EBML_VERSION, 1)
        .uint(MatroskaId.EBML_READ_VERSION, 1)
        .uint(MatroskaId.EBML_MAX_ID_LENGTH, 4)
        .uint(MatroskaId.EBML_MAX_SIZE_LENGTH, 8)
        .string(MatroskaId.DOC_TYPE, "webm")
        .uint(MatroskaId.DOC_TYPE_VERSION, 4)
        .uint(MatroskaId.DOC_TYPE_READ_VERSION, 2);
    w.endMaster(ebml);

    w.id(MatroskaId.SEGMENT);
    segmentSizePosition = w.length();
    w.unknownSize();
    segmentDataStart = w.length();

    seekHeadPosition = w.length();
    w.voidElement(SEEK_HEAD_REGION); // replaced below, once Info and Tracks are placed

    infoPosition = w.length();
    int info = w.startMaster(MatroskaId.INFO);
    w.uint(MatroskaId.TIMESTAMP_SCALE, TIMESTAMP_SCALE_NS)
        .string(MatroskaId.MUXING_APP, MUXING_APP)
        .string(MatroskaId.WRITING_APP, config.writingApp());
    long duration = w.length();
    w.voidElement(DURATION_ELEMENT_LENGTH); // the Duration goes here on close (seekable sinks)
    durationPosition = duration + w.endMaster(info);

    tracksPosition = w.length();
    int tracks = w.startMaster(MatroskaId.TRACKS);
    long pw = -1;
    long ph = -1;
    int shiftInsideVideoEntry = 0;
    if (video != null) {
      int entry = w.startMaster(MatroskaId.TRACK_ENTRY);
      trackHeader(w, video.number, MatroskaId.TRACK_TYPE_VIDEO, "V_VP8");
      int v = w.startMaster(MatroskaId.VIDEO);
      // 2 octets each so that close() can patch them in place (VP8 sizes are 14 bits).
      w.uintFixed(MatroskaId.PIXEL_WIDTH, width, 2);
      pw = w.length() - 2;
      w.uintFixed(MatroskaId.PIXEL_HEIGHT, height, 2);
      ph = w.length() - 2;
      shiftInsideVideoEntry = w.endMaster(v);
      shiftInsideVideoEntry += w.endMaster(entry);
    }
    if (audio != null) {
      int entry = w.startMaster(MatroskaId.TRACK_ENTRY);
      trackHeader(w, audio.number, MatroskaId.TRACK_TYPE_AUDIO, "A_OPUS");
      byte[] head =
          OpusHead.build(
              config.audioChannels(), config.opusPreSkip(), config.audioInputSampleRate());
      w.binary(MatroskaId.CODEC_PRIVATE, head, 0, head.length);
      // CodecDelay is the pre-skip in ns (RFC 9559 §5.1.4.1.29; RFC 7845 §5.1 item 4).
      w.uint(
          MatroskaId.CODEC_DELAY, config.opusPreSkip() * 1_000_000_000L / OpusPacket.SAMPLE_RATE);
      w.uint(MatroskaId.SEEK_PRE_ROLL, SEEK_PRE_ROLL_NS);
      int a = w.startMaster(MatroskaId.AUDIO);
      // Opus always decodes at 48 kHz (RFC 7845 §5.1 item 5), whatever the input rate was.
      w.float64(MatroskaId.SAMPLING_FREQUENCY, OpusPacket.SAMPLE_RATE);
      w.uint(MatroskaId.CHANNELS, config.audioChannels());
      w.endMaster(a);
      w.endMaster(entry);
    }
    int tracksShift = w.endMaster(tracks);
    if (video != null) {
      pixelWidthPosition = pw + shiftInsideVideoEntry + tracksShift;
      pixelHeightPosition = ph + shiftInsideVideoEntry + tracksShift;
    }

    byte[] seekHead = buildSeekHeadRegion(-1);
    System.arraycopy(seekHead, 0, w.array(), (int) seekHeadPosition, seekHead.length);
    return w.toByteArray();
  }

  private static void trackHeader(EbmlWriter w, int number, int type, String codecId) {
    w.uint(MatroskaId.TRACK_NUMBER, number)
        .uint(MatroskaId.TRACK_UID, number)
        .uint(MatroskaId.TRACK_TYPE, type)
        .uint(MatroskaId.FLAG_LACING, 0) // SimpleBlocks carry one frame each
        .string(MatroskaId.LANGUAGE, "und")
        .string(MatroskaId.CODEC_ID, codecId);
  }

  /** SeekHead (RFC 9559 §5.1.1) for Info, Tracks and, if placed, Cues; padded with a Void. */
  private byte[] buildSeekHeadRegion(long cuesPosition) {
    EbmlWriter w = new EbmlWriter(SEEK_HEAD_REGION);
    int seekHead = w.startMaster(MatroskaId.SEEK_HEAD);
    seek(w, MatroskaId.INFO, infoPosition - segmentDataStart);
    seek(w, MatroskaId.TRACKS, tracksPosition - segmentDataStart);
    if (cuesPosition >= 0) {
      seek(w, MatroskaId.CUES, cuesPosition - segmentDataStart);
    }
    w.endMaster(seekHead);
    w.voidElement(SEEK_HEAD_REGION - w.length());
    return w.toByteArray();
  }

  private static void seek(EbmlWriter w, int id, long segmentPosition) {
    byte[] idBytes = new byte[EbmlWriter.idWidth(id)];
    EbmlWriter.writeId(idBytes, 0, id);
    int seek = w.startMaster(MatroskaId.SEEK);
    w.binary(MatroskaId.SEEK_ID, idBytes, 0, idBytes.length);
    w.uintFixed(MatroskaId.SEEK_POSITION, segmentPosition, 8);
    w.endMaster(seek);
  }

  /** Cues (RFC 9559 §5.1.5): one CuePoint per Cluster that starts with a key frame. */
  private byte[] buildCues() {
    int cueTrack = video != null ? video.number : audio.number;
    EbmlWriter w = new EbmlWriter(64 + cueTimesMs.size() * 16);
    int cues = w.startMaster(MatroskaId.CUES);
    for (int i = 0; i < cueTimesMs.size(); i++) {
      int point = w.startMaster(MatroskaId.CUE_POINT);
      w.uint(MatroskaId.CUE_TIME, cueTimesMs.get(i));
      int positions = w.startMaster(MatroskaId.CUE_TRACK_POSITIONS);
      w.uint(MatroskaId.CUE_TRACK, cueTrack);
      // CueClusterPosition counts from the first octet of the Segment's data (§5.1.5.1.2.2).
      w.uint(MatroskaId.CUE_CLUSTER_POSITION, cuePositions.get(i) - segmentDataStart);
      w.endMaster(positions);
      w.endMaster(point);
    }
    w.endMaster(cues);
    return w.toByteArray();
  }

  /** Patches what a live file leaves open; every patch has the length of what it replaces. */
  private void finalizeInPlace(long cuesPosition) {
    long end = position;
    byte[] b = new byte[DURATION_ELEMENT_LENGTH];
    // Segment size: same 8-octet width as the unknown marker it replaces.
    Vint.write(b, 0, end - segmentDataStart, 8);
    rewrite(segmentSizePosition, b, 8);
    // Each Cluster ends where the next one (or the Cues, or the file) begins.
    long clustersEnd = cuesPosition >= 0 ? cuesPosition : end;
    int n = clusterPositions.size();
    for (int i = 0; i < n; i++) {
      long start = clusterPositions.get(i);
      long next = i + 1 < n ? clusterPositions.get(i + 1) : clustersEnd;
      long dataStart = start + 4 + 8; // 4-octet Cluster ID, 8-octet size
      Vint.write(b, 0, next - dataStart, 8);
      rewrite(start + 4, b, 8);
    }
    byte[] seekHead = buildSeekHeadRegion(cuesPosition);
    rewrite(seekHeadPosition, seekHead, seekHead.length);
    // Duration (RFC 9559 §5.1.2.4): a float in TimestampScale units, replacing the 11-octet Void.
    EbmlWriter d = new EbmlWriter(DURATION_ELEMENT_LENGTH);
    d.float64(MatroskaId.DURATION, durationTicks() / (double) TICKS_PER_MS);
    rewrite(durationPosition, d.array(), DURATION_ELEMENT_LENGTH);
    if (video != null && maxWidth > 0) {
      b[0] = (byte) (maxWidth >>> 8);
      b[1] = (byte) maxWidth;
      rewrite(pixelWidthPosition, b, 2);
      b[0] = (byte) (maxHeight >>> 8);
      b[1] = (byte) maxHeight;
      rewrite(pixelHeightPosition, b, 2);
    }
  }

  private long durationTicks() {
    long end = 0;
    if (video != null) {
      end = Math.max(end, video.endRel);
    }
    if (audio != null) {
      end = Math.max(end, audio.endRel);
    }
    return end;
  }

  private void rewrite(long at, byte[] buf, int len) {
    try {
      seekableSink.rewrite(at, buf, 0, len);
    } catch (RuntimeException | Error e) {
      state = State.FAILED;
      throw e;
    }
  }

  private void emit(byte[] buf, int off, int len) {
    try {
      sink.write(buf, off, len);
    } catch (RuntimeException | Error e) {
      state = State.FAILED;
      throw e;
    }
    position += len;
  }

  private void flushSink() {
    try {
      sink.flush();
    } catch (RuntimeException | Error e) {
      state = State.FAILED;
      throw e;
    }
  }
}
