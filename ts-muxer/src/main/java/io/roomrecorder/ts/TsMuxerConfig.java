package io.roomrecorder.ts;

/**
 * Immutable, validated configuration of one {@link TsMuxer}: which elementary streams the single
 * program carries, and the limits the muxer applies to its input.
 *
 * <p>Build with {@link #builder()} or the shortcuts {@link #videoAndAudio(int)}, {@link
 * #videoOnly()}, {@link #audioOnly(int)}. Thread-safe (immutable).
 *
 * @param video whether the program has an H.264 stream ({@code stream_type} 0x1B, PID 0x100)
 * @param audio whether the program has an Opus stream ({@code stream_type} 0x06, PID 0x101)
 * @param audioChannels Opus channel count, 1 or 2 (RTP Opus is always signalled as stereo; a mono
 *     sender still decodes correctly as 2 channels)
 * @param audioPesDuration90k most media time (90 kHz) of Opus packets gathered into one PES: from
 *     20 ms (1800) to 120 ms (10800); default 100 ms
 * @param maxAccessUnitSize larger video access units are dropped; default 10 MiB
 * @param maxTimestampJump90k a PTS further than this from where its stream (or the program) is
 *     starts a new timeline segment instead of leaving a hole of that size; default 60 s
 */
public record TsMuxerConfig(
    boolean video,
    boolean audio,
    int audioChannels,
    int audioPesDuration90k,
    int maxAccessUnitSize,
    long maxTimestampJump90k) {

  /** 10 MiB. */
  public static final int DEFAULT_MAX_ACCESS_UNIT_SIZE = 10 * 1024 * 1024;

  /** Validates; see the record components for the ranges. */
  public TsMuxerConfig {
    if (!video && !audio) {
      throw new IllegalArgumentException("a program needs video, audio or both");
    }
    if (audio && (audioChannels < 1 || audioChannels > 2)) {
      throw new IllegalArgumentException(
          "audioChannels must be 1 or 2 (Opus channel mapping family 0), was " + audioChannels);
    }
    if (audioPesDuration90k < 1800 || audioPesDuration90k > 10800) {
      throw new IllegalArgumentException(
          "audioPesDuration90k must be 1800..10800 (20..120 ms), was " + audioPesDuration90k);
    }
    if (maxAccessUnitSize < 1024) {
      throw new IllegalArgumentException("maxAccessUnitSize too small: " + maxAccessUnitSize);
    }
    if (maxTimestampJump90k < 90_000) {
      throw new IllegalArgumentException(
          "maxTimestampJump90k must be at least 1 s (90000), was " + maxTimestampJump90k);
    }
  }

  /** H.264 and Opus with {@code channels} channels, defaults elsewhere. */
  public static TsMuxerConfig videoAndAudio(int channels) {
    return builder().video(true).audio(true).audioChannels(channels).build();
  }

  /** H.264 only. */
  public static TsMuxerConfig videoOnly() {
    return builder().video(true).audio(false).build();
  }

  /** Opus only. */
  public static TsMuxerConfig audioOnly(int channels) {
    return builder().video(false).audio(true).audioChannels(channels).build();
  }

  /** A builder with defaults: video and stereo audio, 100 ms audio PES, 10 MiB, 60 s. */
  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private boolean video = true;
    private boolean audio = true;
    private int audioChannels = 2;
    private int audioPesDuration90k = 9000;
    private int maxAccessUnitSize = DEFAULT_MAX_ACCESS_UNIT_SIZE;
    private long maxTimestampJump90k = 60L * 90_000;

    private Builder() {}

    public Builder video(boolean on) {
      this.video = on;
      return this;
    }

    public Builder audio(boolean on) {
      this.audio = on;
      return this;
    }

    public Builder audioChannels(int channels) {
      this.audioChannels = channels;
      return this;
    }

    public Builder audioPesDuration90k(int ticks) {
      this.audioPesDuration90k = ticks;
      return this;
    }

    public Builder maxAccessUnitSize(int bytes) {
      this.maxAccessUnitSize = bytes;
      return this;
    }

    public Builder maxTimestampJump90k(long ticks) {
      this.maxTimestampJump90k = ticks;
      return this;
    }

    /** Validates and builds. */
    public TsMuxerConfig build() {
      return new TsMuxerConfig(
          video, audio, audioChannels, audioPesDuration90k, maxAccessUnitSize, maxTimestampJump90k);
    }
  }
}
