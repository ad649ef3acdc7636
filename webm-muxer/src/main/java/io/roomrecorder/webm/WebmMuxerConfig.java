package io.roomrecorder.webm;

import java.util.Objects;

/**
 * Immutable, validated settings of one {@link WebmMuxer}: which tracks the file has and what the
 * header says about them. Build with {@link #builder()}; at least one track is required.
 *
 * @param video whether the file has a V_VP8 track (track number 1)
 * @param initialWidth pixel width written in Tracks until a key frame says otherwise (1..16383)
 * @param initialHeight pixel height written in Tracks until a key frame says otherwise (1..16383)
 * @param audio whether the file has an A_OPUS track (number 2, or 1 in an audio-only file)
 * @param channels Opus output channels, 1 or 2 (RFC 7845 §5.1 mapping family 0)
 * @param inputSampleRate the Opus encoder's input rate in Hz, informational (OpusHead field)
 * @param opusPreSkip OpusHead pre-skip in 48 kHz samples, mirrored in CodecDelay. 0 by default:
 *     packets received over RTP start mid-stream, not at the encoder's first packet, so there is no
 *     encoder lookahead to discard (Chromium's MediaRecorder writes 0 as well)
 * @param writingApp the Info WritingApp string (RFC 9559 §5.1.2.14), e.g. "Room Recorder 0.1"
 * @param maxTimestampJumpNs a frame whose timestamp lies further than this from the file's latest
 *     timestamp (either way) is a clock discontinuity: the muxer re-bases so the file continues
 *     seamlessly instead of holding hours of nothing (see {@link WebmMuxer})
 */
public record WebmMuxerConfig(
    boolean video,
    int initialWidth,
    int initialHeight,
    boolean audio,
    int channels,
    int inputSampleRate,
    int opusPreSkip,
    String writingApp,
    long maxTimestampJumpNs) {

  /** Largest VP8 dimension: 14 bits (RFC 6386 §9.1). */
  public static final int MAX_DIMENSION = 0x3FFF;

  /** Default {@link #maxTimestampJumpNs}: 10 minutes. */
  public static final long DEFAULT_MAX_TIMESTAMP_JUMP_NS = 600_000_000_000L;

  public WebmMuxerConfig {
    Objects.requireNonNull(writingApp, "writingApp");
    if (!video && !audio) {
      throw new IllegalArgumentException("a WebM file needs a video or an audio track");
    }
    if (video
        && (initialWidth < 1
            || initialWidth > MAX_DIMENSION
            || initialHeight < 1
            || initialHeight > MAX_DIMENSION)) {
      throw new IllegalArgumentException(
          "VP8 size must be 1.." + MAX_DIMENSION + ": " + initialWidth + "x" + initialHeight);
    }
    if (audio && channels != 1 && channels != 2) {
      throw new IllegalArgumentException("Opus channels must be 1 or 2: " + channels);
    }
    if (audio && (inputSampleRate < 1 || inputSampleRate > 768_000)) {
      throw new IllegalArgumentException("implausible input sample rate: " + inputSampleRate);
    }
    if (opusPreSkip < 0 || opusPreSkip > 0xFFFF) {
      throw new IllegalArgumentException("Opus pre-skip is 16 bits: " + opusPreSkip);
    }
    if (maxTimestampJumpNs < 1_000_000_000L) {
      throw new IllegalArgumentException(
          "maxTimestampJumpNs below 1 s would split normal gaps: " + maxTimestampJumpNs);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link WebmMuxerConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private boolean video;
    private int width;
    private int height;
    private boolean audio;
    private int channels = 2;
    private int inputSampleRate = 48_000;
    private int opusPreSkip;
    private String writingApp = "Room Recorder";
    private long maxTimestampJumpNs = DEFAULT_MAX_TIMESTAMP_JUMP_NS;

    private Builder() {}

    /** Adds the VP8 track with the size to announce until the first key frame tells. */
    public Builder video(int initialWidth, int initialHeight) {
      this.video = true;
      this.width = initialWidth;
      this.height = initialHeight;
      return this;
    }

    /** Adds the Opus track. */
    public Builder audio(int channels, int inputSampleRate) {
      this.audio = true;
      this.channels = channels;
      this.inputSampleRate = inputSampleRate;
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

    public Builder maxTimestampJumpNs(long ns) {
      this.maxTimestampJumpNs = ns;
      return this;
    }

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
          maxTimestampJumpNs);
    }
  }
}
