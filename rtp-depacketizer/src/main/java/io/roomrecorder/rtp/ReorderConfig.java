package io.roomrecorder.rtp;

import java.util.Arrays;

/**
 * Immutable, validated configuration of a {@link ReorderBuffer}; thread-safe, one instance may be
 * shared by many buffers. Build with {@link #builder(int)}; every setter checks its range and
 * throws {@link IllegalArgumentException} naming the rule.
 */
public final class ReorderConfig {
  final int clockRate;
  final int maxPackets;
  final long maxMediaTimeMs;
  final long holdTimeMs;
  final int maxPacketSize;
  final int maxDropout;
  final int maxMisorder;
  final int minSequential;
  final long nackDelayMs;
  final int maxNackRetries;
  final long startupDelayMs;
  final int[] rtxToMedia;

  private ReorderConfig(Builder b) {
    this.clockRate = b.clockRate;
    this.maxPackets = b.maxPackets;
    this.maxMediaTimeMs = b.maxMediaTimeMs;
    this.holdTimeMs = b.holdTimeMs;
    this.maxPacketSize = b.maxPacketSize;
    this.maxDropout = b.maxDropout;
    this.maxMisorder = b.maxMisorder;
    this.minSequential = b.minSequential;
    this.nackDelayMs = b.nackDelayMs;
    this.maxNackRetries = b.maxNackRetries;
    this.startupDelayMs = b.startupDelayMs;
    this.rtxToMedia = b.rtxToMedia.clone();
  }

  /** Starts a configuration for a stream whose RTP clock runs at {@code clockRate} Hz. */
  public static Builder builder(int clockRate) {
    return new Builder(clockRate);
  }

  public int clockRate() {
    return clockRate;
  }

  public int maxPackets() {
    return maxPackets;
  }

  public long maxMediaTimeMs() {
    return maxMediaTimeMs;
  }

  public long holdTimeMs() {
    return holdTimeMs;
  }

  public int maxPacketSize() {
    return maxPacketSize;
  }

  /** The media payload type for RTX payload type {@code pt}, or -1 if {@code pt} is not RTX. */
  public int mediaPayloadTypeForRtx(int pt) {
    return pt >= 0 && pt < 128 ? rtxToMedia[pt] : -1;
  }

  @Override
  public String toString() {
    return "ReorderConfig{clockRate="
        + clockRate
        + ", maxPackets="
        + maxPackets
        + ", maxMediaTimeMs="
        + maxMediaTimeMs
        + ", holdTimeMs="
        + holdTimeMs
        + ", maxPacketSize="
        + maxPacketSize
        + "}";
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final int clockRate;
    private int maxPackets = 512;
    private long maxMediaTimeMs = 2000;
    private long holdTimeMs = 200;
    private int maxPacketSize = 1500;
    private int maxDropout = 3000;
    private int maxMisorder = 100;
    private int minSequential = 1;
    private long nackDelayMs = 10;
    private int maxNackRetries = 10;
    private long startupDelayMs = 20;
    private final int[] rtxToMedia = new int[128];

    private Builder(int clockRate) {
      require(clockRate > 0, "clockRate must be positive Hz");
      this.clockRate = clockRate;
      Arrays.fill(rtxToMedia, -1);
    }

    /** Most packets held while waiting for a gap to fill (bound by count). Default 512. */
    public Builder maxPackets(int n) {
      require(n >= 1 && n <= 16384, "maxPackets must be 1..16384");
      this.maxPackets = n;
      return this;
    }

    /**
     * Most media time between the last emitted packet and the newest received one (bound by media
     * time); beyond it a gap is given up. Default 2000 ms.
     */
    public Builder maxMediaTimeMs(long ms) {
      require(ms > 0, "maxMediaTimeMs must be positive");
      this.maxMediaTimeMs = ms;
      return this;
    }

    /** How long a gap at the head is waited for (arrival time) before it is reported lost. */
    public Builder holdTimeMs(long ms) {
      require(ms >= 0, "holdTimeMs must not be negative");
      this.holdTimeMs = ms;
      return this;
    }

    /** Largest packet stored (after SRTP decryption); larger ones are dropped. Default 1500. */
    public Builder maxPacketSize(int bytes) {
      require(bytes >= RtpPacket.FIXED_HEADER_SIZE && bytes <= 65535, "maxPacketSize 12..65535");
      this.maxPacketSize = bytes;
      return this;
    }

    /** RFC 3550 A.1 MAX_DROPOUT (forward jump still in sequence) and MAX_MISORDER. */
    public Builder sequenceLimits(int maxDropout, int maxMisorder) {
      require(maxDropout >= 1 && maxDropout < 32768, "maxDropout must be 1..32767");
      require(maxMisorder >= 1 && maxMisorder < 32768, "maxMisorder must be 1..32767");
      this.maxDropout = maxDropout;
      this.maxMisorder = maxMisorder;
      return this;
    }

    /**
     * RFC 3550 A.1 MIN_SEQUENTIAL: consecutive packets needed before a new source is accepted.
     * Default 1 (accept at once): SRTP authentication already proves the source, and probation
     * would discard the first packets of the first keyframe.
     */
    public Builder minSequential(int n) {
      require(n >= 1 && n <= 16, "minSequential must be 1..16");
      this.minSequential = n;
      return this;
    }

    /** NACK policy: wait {@code delayMs} after a gap appears (reordering), retry up to n times. */
    public Builder nack(long delayMs, int maxRetries) {
      require(delayMs >= 0, "nack delay must not be negative");
      require(maxRetries >= 0 && maxRetries <= 100, "nack retries must be 0..100");
      this.nackDelayMs = delayMs;
      this.maxNackRetries = maxRetries;
      return this;
    }

    /**
     * How long the very first packet waits for an earlier one when its successor has not arrived
     * yet (network reordering at the start of a stream). Default 20 ms; 0 emits it at once.
     */
    public Builder startupDelayMs(long ms) {
      require(ms >= 0, "startupDelayMs must not be negative");
      this.startupDelayMs = ms;
      return this;
    }

    /** RFC 4588: packets with payload type {@code rtxPt} are retransmissions of {@code mediaPt}. */
    public Builder rtx(int rtxPt, int mediaPt) {
      require(rtxPt >= 0 && rtxPt < 128 && mediaPt >= 0 && mediaPt < 128, "payload types 0..127");
      require(rtxPt != mediaPt, "RTX payload type must differ from the media payload type");
      rtxToMedia[rtxPt] = mediaPt;
      return this;
    }

    public ReorderConfig build() {
      return new ReorderConfig(this);
    }

    private static void require(boolean ok, String rule) {
      if (!ok) {
        throw new IllegalArgumentException(rule);
      }
    }
  }
}
