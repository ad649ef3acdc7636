package io.roomrecorder.webm;

import java.util.Objects;

/**
 * Immutable, validated configuration of one {@link WebmMuxer}: which tracks the file has, what the
 * header says about them, and the limits applied to input. Build with {@link #builder()} or the
 * shortcuts {@link #videoAndAudio}, {@link #videoOnly}, {@link #audioOnly}. Thread-safe
 * (immutable).
 *
 * @param video whether the file has a V_VP8 track (track number 1)
 * @param initialWidth pixel width announced in Tracks if audio arrives before the first key frame
 *     (1..16383); the first key frame's own size is used otherwise
 * @param initialHeight pixel height, likewise
 * @param audio whether the file has an A_OPUS track (number 2, or 1 in an audio-only file)
 * @param audioChannels Opus output channels, 1 or 2 (RFC 7845 §5.1 channel mapping family 0; RTP
 *     Opus is signalled as stereo, RFC 7587 §7)
 * @param audioInputSampleRate the Opus encoder's input rate in Hz, informational (OpusHead field);
 *     default 48000
 * @param opusPreSkip OpusHead pre-skip in 48 kHz samples, mirrored in CodecDelay; default 0:
 *     packets received over RTP start mid-stream, so there is no encoder lookahead to discard at
 *     the start of the file (Chromium's MediaRecorder writes 0 as well)
 * @param writingApp the Info WritingApp string (RFC 9559 §5.1.2.14)
 * @param maxFrameSize larger frames are dropped; default 10 MiB
 * @param maxTimestampJump90k a timestamp further than this (90 kHz ticks) from the file's latest
 *     one, either way, re-bases the timeline instead of leaving a hole of that size; default 60 s,
 *     like {@code TsMuxerConfig}
 */
public record WebmMuxerConfig(
    boolean video,
    int initialWidth,
    int initialHeight,
    boolean audio,
    int audioChannels,
    int audioInputSampleRate,
    int opusPreSkip,
    String writingApp,
    int maxFrameSize,
    long maxTimestampJump90k) {

  /** Largest VP8 dimension: 14 bits (RFC 6386 §9.1). */
  public static final int MAX_DIMENSION = 0x3FFF;

  /** 10 MiB. */
  public static final int DEFAULT_MAX_FRAME_SIZE = 10 * 1024 * 1024;

  /** 60 s in 90 kHz ticks. */
  public static final long DEFAULT_MAX_TIMESTAMP_JUMP_90K = 60L * 90_000;

  /** Validates; see the record components for the ranges. */
  public WebmMuxerConfig {
    Objects.requireNonNull(writingApp, "writingApp");
    if (!video && !audio) {
      throw new IllegalArgumentException("a WebM file needs a video track, an audio track or both");
    }
    if (video
        && (initialWidth < 1
            || initialWidth > MAX_DIMENSION
            || initialHeight < 1
            || initialHeight > MAX_DIMENSION)) {
      throw new IllegalArgumentException(
          "VP8 size must be 1.." + MAX_DIMENSION + ", was " + initialWidth + "x" + initialHeight);
    }
    if (audio && (audioChannels < 1 || audioChannels > 2)) {
      throw new IllegalArgumentException(
          "audioChannels must be 1 or 2 (Opus channel mapping family 0), was " + audioChannels);
    }
    if (audio && (audioInputSampleRate < 1 || audioInputSampleRate > 768_000)) {
      throw new IllegalArgumentException("implausible input sample rate: " + audioInputSampleRate);
    }
    if (opusPreSkip < 0 || opusPreSkip > 0xFFFF) {
      throw new IllegalArgumentException("opusPreSkip is 16 bits, was " + opusPreSkip);
    }
    if (maxFrameSize < 1024) {
      throw new IllegalArgumentException("maxFrameSize too small: " + maxFrameSize);
    }
    if (maxTimestampJump90k < 90_000) {
      throw new IllegalArgumentException(
          "maxTimestampJump90k must be at least 1 s (90000), was " + maxTimestampJump90k);
    }
  }

  /** VP8 announced as {@code width}x{@code height} until a key frame tells, and Opus. */
  public static WebmMuxerConfig videoAndAudio(int width, int height, int channels) {
    return builder().video(width, height).audio(channels).build();
  }

  /** VP8 only. */
  public static WebmMuxerConfig videoOnly(int width, int height) {
    return builder().video(width, height).build();
  }

  /** Opus only. */
  public static WebmMuxerConfig audioOnly(int channels) {
    return builder().audio(channels).build();
  }

  /** A builder with no tracks yet, "Room Recorder" as WritingApp and the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private boolean video;
    private int width;
    private int height;
    private boolean audio;
    private int channels = 2;
    private int inputSampleRate = 48_000;
    private int opusPreSkip;
    private String writingApp = "Room Recorder";
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private long maxTimestampJump90k = DEFAULT_MAX_TIMESTAMP_JUMP_90K;

    private Builder() {}

    /** Adds the VP8 track, announcing this size if audio arrives before the first key frame. */
    public Builder video(int initialWidth, int initialHeight) {
      this.video = true;
      this.width = initialWidth;
      this.height = initialHeight;
      return this;
    }

    /** Adds the Opus track with {@code channels} channels. */
    public Builder audio(int channels) {
      this.audio = true;
      this.channels = channels;
      return this;
    }

    public Builder audioInputSampleRate(int hz) {
      this.inputSampleRate = hz;
      return this;
    }

    public Builder opusPreSkip(int samples) {
      this.opusPreSkip = samples;
      return this;
    }

    public Builder writingApp(String writingApp) {
      this.writingApp = writingApp;
      return this;
    }

    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    public Builder maxTimestampJump90k(long ticks) {
      this.maxTimestampJump90k = ticks;
      return this;
    }

    /** Validates and builds. */
    public WebmMuxerConfig build() {
      return new WebmMuxerConfig(
          video,
          width,
          height,
          audio,
          channels,
          inputSampleRate,
          opusPreSkip,
          writingApp,
          maxFrameSize,
          maxTimestampJump90k);
    }
  }
}
