package io.roomrecorder.core.media;

import io.roomrecorder.ts.TsMuxer;
import io.roomrecorder.ts.TsMuxerConfig;
import io.roomrecorder.ts.TsSink;
import io.roomrecorder.webm.SeekableWebmSink;
import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's file: frames in, MPEG-TS (H.264 + Opus) or WebM (VP8 + Opus) out, plus the
 * health sidecar {@code <file>.json}.
 *
 * <p>The file opens with the first frame that can start it (audio, or a video keyframe), named
 * {@code {base}.ts} or {@code .webm} by the negotiated video codec, and is flushed at least once a
 * second so a crash loses at most the last second. Presentation times are shifted so the file
 * starts near zero; the sidecar records where that is on the room's clock. Write errors (full disk,
 * folder gone) end this recording with an error; they never reach other participants.
 *
 * <p>Not thread-safe: driven by the participant's session executor.
 */
public final class ParticipantRecording implements MediaSink {
  private static final Logger LOG = LoggerFactory.getLogger(ParticipantRecording.class);

  /** Flush at least this often (architecture: at least once a second). */
  static final long FLUSH_INTERVAL_MS = 500;

  /** Presentation time of the first frame in the file, so late frames of the other track fit. */
  static final long START_PTS = 18_000;

  /**
   * Frames are written in presentation order across both tracks: a frame waits until the other
   * track has reached its time, but at most this long in media time (90 kHz, 1 s) behind the newest
   * frame. When a session starts on a burst (a starved CPU, a publisher catching up), one track can
   * arrive far behind the other; written as they come, its PES would fall behind the program clock
   * the muxer already sent (PCR after DTS, ISO 13818-1 T-STD). A frame of a track that lags by more
   * than this arrives after what is already written: it is dropped and counted. In steady state the
   * wait is one frame interval (20-33 ms), so little is held.
   */
  static final long MAX_INTERLEAVE_90K = 90_000;

  /**
   * A track whose presentation time steps back by more than this (its RTP-to-media mapping was
   * corrected, e.g. by its first sender report after an arrival-time start) drops its frames still
   * waiting from the old mapping: they would otherwise come out after the new ones.
   */
  static final long STEP_BACK_90K = 27_000;

  /** Video frames this far apart count as a freeze in the sidecar. */
  static final long FREEZE_90K = 90_000;

  /** Feedback counters the sidecar reports, read from the media receiver. */
  public record Counters(
      long packetsLost, long packetsRecovered, long nacksSent, long plisSent, long firsSent) {
    public static final Counters NONE = new Counters(0, 0, 0, 0, 0);
  }

  /** What happens to the file, for events; called on the session executor. */
  public interface Listener {
    void onRecordingStarted(Path file);

    void onRecordingStopped(Path file, Duration mediaDuration, long bytes, String reason);

    void onError(String message);
  }

  private final Path folder;
  private final String baseName;
  private final String streamId;
  private final Instant roomOrigin;
  private final Supplier<Instant> wallClock;
  private final LongSupplier clockMs;
  private final Listener listener;
  private final Supplier<Counters> counters;

  private String videoCodec;
  private boolean audioExpected;
  private boolean negotiated;
  private RecordingFile file;
  private Output output;
  private boolean failed;
  private boolean closed;
  private long originPts;
  private Instant startTime;
  private long mediaClockOriginMs = Long.MIN_VALUE;
  private long lastFlushMs;
  private long firstPts = Long.MIN_VALUE;
  private long lastPts = Long.MIN_VALUE;
  private long lastVideoPts = Long.MIN_VALUE;
  private long videoFrames;
  private long audioFrames;
  private int width;
  private int height;
  private final List<long[]> resolutions = new ArrayList<>();
  private final List<long[]> damaged = new ArrayList<>();
  private final List<long[]> frozen = new ArrayList<>();
  private long damagedSince = Long.MIN_VALUE;

  /** The muxer behind a file: TS or WebM. */
  private interface Output {
    boolean writeVideo(byte[] data, int off, int len, long pts, boolean keyframe);

    boolean writeAudio(byte[] data, int off, int len, long pts);

    void flush();

    void close();
  }

  /**
   * @param baseName the file name without extension, already file-name safe ({@code
   *     {prefix}_{streamID}_{unixSeconds}})
   * @param roomOrigin when the room recording started, for the sidecar's offsets
   */
  /** A frame waiting in the interleaving window; its bytes are a copy. */
  private record Pending(
      boolean video,
      String codec,
      byte[] data,
      long pts,
      boolean keyframe,
      int width,
      int height,
      long order) {}

  private final java.util.PriorityQueue<Pending> pending =
      new java.util.PriorityQueue<>(
          java.util.Comparator.comparingLong(Pending::pts).thenComparingLong(Pending::order));
  private long pendingOrder;
  private long latestVideoPts = Long.MIN_VALUE;
  private long latestAudioPts = Long.MIN_VALUE;
  private long releasedPts = Long.MIN_VALUE;
  private long droppedLate;
  private long droppedRetimed;

  public ParticipantRecording(
      Path folder,
      String baseName,
      String streamId,
      Instant roomOrigin,
      Supplier<Instant> wallClock,
      LongSupplier clockMs,
      Supplier<Counters> counters,
      Listener listener) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.baseName = Objects.requireNonNull(baseName, "baseName");
    this.streamId = Objects.requireNonNull(streamId, "streamId");
    this.roomOrigin = Objects.requireNonNull(roomOrigin, "roomOrigin");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void onNegotiated(String codec, boolean audio) {
    if (file == null) {
      this.videoCodec = codec;
      this.audioExpected = audio;
      this.negotiated = true;
    } else if (!Objects.equals(codec, videoCodec)) {
      LOG.warn(
          "[{}] video codec changed {} -> {} mid-recording: {} frames are not recorded",
          streamId,
          videoCodec,
          codec,
          codec);
    }
  }

  @Override
  public void onMediaClock(long originClockMs) {
    this.mediaClockOriginMs = originClockMs;
  }

  @Override
  public void onVideoFrame(
      String codec,
      byte[] data,
      int offset,
      int length,
      long pts90k,
      boolean keyframe,
      int frameWidth,
      int frameHeight) {
    if (failed || closed || !codec.equals(videoCodec)) {
      return;
    }
    enqueue(
        new Pending(
            true,
            codec,
            java.util.Arrays.copyOfRange(data, offset, offset + length),
            pts90k,
            keyframe,
            frameWidth,
            frameHeight,
            pendingOrder++));
  }

  @Override
  public void onAudioFrame(byte[] data, int offset, int length, long pts90k) {
    if (failed || closed || !audioExpected) {
      return;
    }
    enqueue(
        new Pending(
            false,
            null,
            java.util.Arrays.copyOfRange(data, offset, offset + length),
            pts90k,
            false,
            0,
            0,
            pendingOrder++));
  }

  private void enqueue(Pending frame) {
    if (frame.pts() < releasedPts) {
      droppedLate++;
      if (droppedLate == 1 || droppedLate % 100 == 0) {
        LOG.warn(
            "[{}] {} frame {} ms behind what is already written: dropped ({} so far)",
            streamId,
            frame.video() ? "video" : "audio",
            (releasedPts - frame.pts()) / 90,
            droppedLate);
      }
      return;
    }
    long latest = frame.video() ? latestVideoPts : latestAudioPts;
    if (latest != Long.MIN_VALUE && frame.pts() < latest - STEP_BACK_90K) {
      dropRetimed(frame.video(), frame.pts(), latest);
    }
    if (frame.video()) {
      latestVideoPts = frame.pts();
    } else {
      latestAudioPts = frame.pts();
    }
    pending.add(frame);
    release(releaseUpTo());
    maybeFlush();
  }

  /**
   * Up to where frames can be written: the time both tracks have reached (no earlier frame of
   * either can come, each track being in order), but no more than {@link #MAX_INTERLEAVE_90K}
   * behind the newest frame; with one track in the file, everything.
   */
  private long releaseUpTo() {
    long newest = Math.max(latestVideoPts, latestAudioPts);
    boolean twoTracks = videoCodec != null && audioExpected;
    if (!twoTracks) {
      return newest;
    }
    long slowest = Math.min(latestVideoPts, latestAudioPts); // MIN_VALUE until both have a frame
    return Math.max(slowest, newest - MAX_INTERLEAVE_90K);
  }

  /** The track's clock stepped back: its waiting frames from the old mapping go. */
  private void dropRetimed(boolean video, long newPts, long oldLatest) {
    int before = pending.size();
    pending.removeIf(p -> p.video() == video && p.pts() > newPts);
    int removed = before - pending.size();
    droppedRetimed += removed;
    LOG.warn(
        "[{}] {} time stepped back {} ms (its clock mapping was corrected): {} waiting frames of the"
            + " old mapping dropped",
        streamId,
        video ? "video" : "audio",
        (oldLatest - newPts) / 90,
        removed);
  }

  /** Writes the waiting frames up to {@code upTo}, in presentation order. */
  private void release(long upTo) {
    while (!pending.isEmpty() && pending.peek().pts() <= upTo && !failed) {
      Pending f = pending.poll();
      releasedPts = f.pts();
      if (f.video()) {
        writeVideo(f.data(), f.pts(), f.keyframe(), f.width(), f.height());
      } else {
        writeAudio(f.data(), f.pts());
      }
    }
    if (failed) {
      pending.clear();
    }
  }

  /** Frames dropped because their track's clock stepped back while they waited. */
  public long droppedRetimed() {
    return droppedRetimed;
  }

  /** Frames dropped because they arrived later than the interleaving window. */
  public long droppedLate() {
    return droppedLate;
  }

  private void writeVideo(
      byte[] data, long pts90k, boolean keyframe, int frameWidth, int frameHeight) {
    int offset = 0;
    int length = data.length;
    if (file == null && !keyframe) {
      return; // a decoder cannot start here; the session has asked for a keyframe
    }
    if (!ensureOpen(pts90k)) {
      return;
    }
    long pts = pts90k - originPts;
    boolean written;
    try {
      written = output.writeVideo(data, offset, length, pts, keyframe);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    if (written) {
      // The sidecar describes the file: only frames the muxer took change its resolution, end
      // a freeze or end damage (a dropped keyframe repairs nothing).
      if (frameWidth > 0 && (frameWidth != width || frameHeight != height)) {
        width = frameWidth;
        height = frameHeight;
        resolutions.add(new long[] {pts, frameWidth, frameHeight});
        LOG.info("[{}] resolution {}x{}", streamId, frameWidth, frameHeight);
      }
      if (lastVideoPts != Long.MIN_VALUE && pts - lastVideoPts > FREEZE_90K) {
        frozen.add(new long[] {lastVideoPts, pts});
      }
      if (keyframe && damagedSince != Long.MIN_VALUE) {
        damaged.add(new long[] {damagedSince, pts});
        damagedSince = Long.MIN_VALUE;
      }
      videoFrames++;
      lastVideoPts = pts;
      noteTime(pts);
    }
  }

  private void writeAudio(byte[] data, long pts90k) {
    int offset = 0;
    int length = data.length;
    if (!ensureOpen(pts90k)) {
      return;
    }
    try {
      if (output.writeAudio(data, offset, length, pts90k - originPts)) {
        audioFrames++;
        noteTime(pts90k - originPts);
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onVideoDamaged(long pts90k, String reason) {
    if (file != null && damagedSince == Long.MIN_VALUE) {
      damagedSince = pts90k - originPts;
    }
  }

  @Override
  public void onEnd(String reason) {
    close(reason);
  }

  /** Flushes when due; call about once a second even without frames. */
  public void tick() {
    maybeFlush();
  }

  /**
   * Widens the file's PTS range. The earliest frame need not be the first written: when the file
   * opens on one track, the other track's frames captured shortly before may still arrive (they fit
   * in the {@link #START_PTS} headroom, or are written before it as the muxer allows).
   */
  private void noteTime(long pts) {
    if (firstPts == Long.MIN_VALUE || pts < firstPts) {
      firstPts = pts;
    }
    lastPts = Math.max(lastPts, pts);
  }

  private void maybeFlush() {
    if (output == null || failed || closed) {
      return;
    }
    long now = clockMs.getAsLong();
    if (now - lastFlushMs >= FLUSH_INTERVAL_MS) {
      lastFlushMs = now;
      try {
        output.flush();
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  private boolean ensureOpen(long pts90k) {
    if (file != null) {
      return true;
    }
    if (!negotiated) {
      return false;
    }
    boolean video = videoCodec != null;
    boolean vp8 = "VP8".equals(videoCodec);
    if (video && !vp8 && !"H264".equals(videoCodec)) {
      return false;
    }
    try {
      file = RecordingFile.create(folder, baseName, vp8 ? "webm" : "ts");
    } catch (IOException | IllegalArgumentException e) {
      failed = true;
      LOG.error("[{}] cannot create the recording in {}: {}", streamId, folder, e.toString());
      listener.onError("cannot create the recording in " + folder + ": " + e.getMessage());
      return false;
    }
    originPts = pts90k - START_PTS;
    startTime = frameTime(pts90k);
    lastFlushMs = clockMs.getAsLong();
    output = vp8 ? webm(video) : ts(video);
    LOG.info("[{}] Recording to: {}", streamId, file.path());
    writeSidecar(false, "recording");
    listener.onRecordingStarted(file.path());
    return true;
  }

  /**
   * The wall-clock time of a frame by its PTS on the media clock, when the session told where that
   * clock starts; else now. A frame released from a backlog (a busy session thread, a burst after
   * the A/V sync gate opens) was captured before it arrived here: the room offsets in the sidecar
   * would otherwise misplace the participant by that backlog (up to 0.8 s seen under load).
   */
  private Instant frameTime(long pts90k) {
    Instant now = wallClock.get();
    if (mediaClockOriginMs == Long.MIN_VALUE) {
      return now;
    }
    long frameClockMs = mediaClockOriginMs + Math.floorDiv(pts90k, 90);
    return now.minusMillis(clockMs.getAsLong() - frameClockMs);
  }

  private Output ts(boolean video) {
    TsMuxer muxer =
        new TsMuxer(
            TsMuxerConfig.builder().video(video).audio(audioExpected).audioChannels(2).build(),
            new FileSink(file));
    return new Output() {
      @Override
      public boolean writeVideo(byte[] data, int off, int len, long pts, boolean keyframe) {
        return muxer.writeVideo(data, off, len, pts, keyframe);
      }

      @Override
      public boolean writeAudio(byte[] data, int off, int len, long pts) {
        return muxer.writeAudio(data, off, len, pts);
      }

      @Override
      public void flush() {
        muxer.flush();
      }

      @Override
      public void close() {
        muxer.close();
      }
    };
  }

  private Output webm(boolean video) {
    WebmMuxerConfig.Builder b = WebmMuxerConfig.builder();
    if (video) {
      b.video(640, 360);
    }
    if (audioExpected) {
      b.audio(2);
    }
    WebmMuxer muxer = new WebmMuxer(b.build(), new FileSink(file));
    return new Output() {
      @Override
      public boolean writeVideo(byte[] data, int off, int len, long pts, boolean keyframe) {
        return muxer.writeVideo(data, off, len, pts, keyframe);
      }

      @Override
      public boolean writeAudio(byte[] data, int off, int len, long pts) {
        return muxer.writeAudio(data, off, len, pts);
      }

      @Override
      public void flush() {
        muxer.flush();
      }

      @Override
      public void close() {
        muxer.close();
      }
    };
  }

  /**
   * The recording file as either muxer's sink; I/O errors become {@link UncheckedIOException}s,
   * which leave the muxer call and end this recording (see {@link #fail}).
   */
  private static final class FileSink implements TsSink, SeekableWebmSink {
    private final RecordingFile file;

    FileSink(RecordingFile file) {
      this.file = file;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      try {
        file.write(buf, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void rewrite(long position, byte[] buf, int off, int len) {
      try {
        file.rewrite(position, buf, off, len);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void flush() {
      try {
        file.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void fail(RuntimeException e) {
    failed = true;
    String message =
        "recording "
            + (file == null ? baseName : file.path())
            + " failed: "
            + (e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString());
    LOG.error("[{}] {}", streamId, message);
    listener.onError(message);
    try {
      output.close();
    } catch (RuntimeException ignored) {
      // the file stays valid up to its last successful flush
    }
    writeSidecar(true, "write error");
    listener.onRecordingStopped(file.path(), duration(), file.size(), "write error");
  }

  /** Finalizes the file and its sidecar; idempotent. */
  public void close(String reason) {
    if (closed) {
      return;
    }
    if (!failed) {
      release(Long.MAX_VALUE);
    }
    closed = true;
    if (file == null || failed) {
      return;
    }
    try {
      output.close();
    } catch (RuntimeException e) {
      LOG.error("[{}] finalizing {} failed: {}", streamId, file.path(), e.toString());
      listener.onError("finalizing " + file.path() + " failed: " + e.getMessage());
    }
    writeSidecar(true, reason);
    LOG.info(
        "[{}] Recording finished: {} ({} video frames, {} audio frames, {} s)",
        streamId,
        file.path(),
        videoFrames,
        audioFrames,
        duration().toMillis() / 1000.0);
    listener.onRecordingStopped(file.path(), duration(), file.size(), reason);
  }

  /** The current file, or {@code null} before the first frame. */
  public Path path() {
    return file == null ? null : file.path();
  }

  public long bytes() {
    return file == null ? 0 : file.size();
  }

  public Duration duration() {
    return firstPts == Long.MIN_VALUE
        ? Duration.ZERO
        : Duration.ofMillis((lastPts - firstPts) / 90);
  }

  public long videoFrames() {
    return videoFrames;
  }

  public long audioFrames() {
    return audioFrames;
  }

  /** Writes {@code <file>.json} atomically (temp file + rename). */
  private void writeSidecar(boolean finished, String state) {
    Counters c = counters.get();
    Instant now = wallClock.get();
    StringBuilder j = new StringBuilder(1024);
    j.append("{\n  \"file\": ");
    Json.string(j, file.path().getFileName().toString());
    j.append(",\n  \"streamId\": ");
    Json.string(j, streamId);
    j.append(",\n  \"container\": ");
    Json.string(j, "VP8".equals(videoCodec) ? "webm" : "mpegts");
    j.append(",\n  \"videoCodec\": ");
    Json.string(j, videoCodec);
    j.append(",\n  \"audioCodec\": ");
    Json.string(j, audioExpected ? "OPUS" : null);
    // startTime and roomOffsetSeconds are those of the file's first frame (at firstPtsSeconds),
    // which may be older than the frame that opened the file (at START_PTS, startTime).
    Instant firstFrameTime =
        firstPts == Long.MIN_VALUE
            ? startTime
            : startTime.minusNanos(Math.multiplyExact(START_PTS - firstPts, 100_000L) / 9);
    j.append(",\n  \"startTime\": ");
    Json.string(j, firstFrameTime.toString());
    j.append(",\n  \"endTime\": ");
    Json.string(j, finished ? now.toString() : null);
    j.append(",\n  \"roomOffsetSeconds\": ");
    Json.seconds(j, Duration.between(roomOrigin, firstFrameTime).toMillis() * 90);
    j.append(",\n  \"firstPtsSeconds\": ");
    Json.seconds(j, firstPts == Long.MIN_VALUE ? START_PTS : firstPts);
    j.append(",\n  \"durationSeconds\": ");
    Json.seconds(j, duration().toMillis() * 90);
    j.append(",\n  \"videoFrames\": ").append(videoFrames);
    j.append(",\n  \"audioFrames\": ").append(audioFrames);
    j.append(",\n  \"resolutions\": [");
    for (int i = 0; i < resolutions.size(); i++) {
      long[] r = resolutions.get(i);
      j.append(i == 0 ? "\n    " : ",\n    ").append("{\"atSeconds\": ");
      Json.seconds(j, r[0]).append(", \"width\": ").append(r[1]);
      j.append(", \"height\": ").append(r[2]).append('}');
    }
    j.append(resolutions.isEmpty() ? "]" : "\n  ]");
    j.append(",\n  \"packetsLost\": ").append(c.packetsLost());
    j.append(",\n  \"packetsRecovered\": ").append(c.packetsRecovered());
    j.append(",\n  \"nacksSent\": ").append(c.nacksSent());
    j.append(",\n  \"plisSent\": ").append(c.plisSent());
    j.append(",\n  \"firsSent\": ").append(c.firsSent());
    j.append(",\n  \"framesDroppedLate\": ").append(droppedLate);
    j.append(",\n  \"framesDroppedRetimed\": ").append(droppedRetimed);
    ranges(j, "damaged", damaged, finished ? damagedSince : Long.MIN_VALUE);
    ranges(j, "frozen", frozen, Long.MIN_VALUE);
    j.append(",\n  \"complete\": ").append(finished && !failed);
    j.append(",\n  \"state\": ");
    Json.string(j, state);
    j.append("\n}\n");
    Path sidecar = file.path().resolveSibling(file.path().getFileName() + ".json");
    Path tmp = file.path().resolveSibling(file.path().getFileName() + ".json.tmp");
    try {
      Files.writeString(tmp, j, StandardCharsets.UTF_8);
      Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("[{}] cannot write {}: {}", streamId, sidecar, e.toString());
    }
  }

  private void ranges(StringBuilder j, String key, List<long[]> list, long openSince) {
    j.append(",\n  \"").append(key).append("\": [");
    boolean first = true;
    for (long[] r : list) {
      j.append(first ? "" : ", ").append("{\"fromSeconds\": ");
      Json.seconds(j, r[0]).append(", \"toSeconds\": ");
      Json.seconds(j, r[1]).append('}');
      first = false;
    }
    if (openSince != Long.MIN_VALUE) {
      j.append(first ? "" : ", ").append("{\"fromSeconds\": ");
      Json.seconds(j, openSince).append(", \"toSeconds\": ");
      Json.seconds(j, lastPts).append('}');
    }
    j.append(']');
  }
}
