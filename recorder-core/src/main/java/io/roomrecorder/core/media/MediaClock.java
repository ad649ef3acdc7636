package io.roomrecorder.core.media;

/**
 * Puts the RTP clocks of one participant's tracks on one 90 kHz presentation time line.
 *
 * <p>Audio and video of a sender run on different RTP clocks (48 kHz, 90 kHz) with random offsets
 * (RFC 3550 §5.1). The sender's RTCP sender reports (§6.4.1) pair each clock with its NTP wall
 * clock, which is common to the tracks: mapping both tracks through it aligns them. The sender's
 * wall clock is tied to ours once, at the first sender report of the participant (network delay is
 * the same for both tracks, so it does not affect their alignment). Until a track has a sender
 * report its time comes from packet arrival, which is within jitter of the truth; {@link
 * #isSynchronized} tells the caller when the exact mapping is in force.
 *
 * <p>Units: RTP timestamps widened to 64 bits by the caller, local times in microseconds of a
 * monotonic clock, results in 90 kHz ticks from {@code originMicros}. Not thread-safe: owned by the
 * participant's session thread.
 */
public final class MediaClock {
  /** Jumps of a track's mapping larger than this are counted as discontinuities. */
  static final long JUMP_MICROS = 500_000;

  private final long originMicros;
  private boolean wallClockTied;
  private long senderToLocalMicros;
  private long discontinuities;

  /** One track (one SSRC's media clock). */
  public final class Track {
    private final int clockRate;
    private boolean mapped;
    private boolean fromSenderReport;
    private long rtpRef;
    private long localRefMicros;
    private long lastRtp;
    private boolean seen;

    private Track(int clockRate) {
      if (clockRate <= 0) {
        throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
      }
      this.clockRate = clockRate;
    }

    /**
     * Notes a received packet. The first one maps the track by its arrival time.
     *
     * @param rtpTimestamp the packet's RTP timestamp widened to 64 bits
     * @param arrivalMicros local arrival time
     */
    public void onPacket(long rtpTimestamp, long arrivalMicros) {
      if (!mapped) {
        rtpRef = rtpTimestamp;
        localRefMicros = arrivalMicros;
        mapped = true;
      }
      lastRtp = rtpTimestamp;
      seen = true;
    }

    /**
     * Applies a sender report of this track's SSRC.
     *
     * @param ntpMicros the report's NTP timestamp converted to microseconds (any epoch, the same
     *     for all tracks of the sender)
     * @param rtpTimestamp32 the report's 32-bit RTP timestamp; widened next to the last packet seen
     * @param arrivalMicros local arrival time of the report
     */
    public void onSenderReport(long ntpMicros, long rtpTimestamp32, long arrivalMicros) {
      if (!wallClockTied) {
        senderToLocalMicros = arrivalMicros - ntpMicros;
        wallClockTied = true;
      }
      long rtp = widen(rtpTimestamp32);
      long local = ntpMicros + senderToLocalMicros;
      if (mapped) {
        long before = localMicrosOf(rtp);
        if (Math.abs(before - local) > JUMP_MICROS) {
          discontinuities++;
        }
      }
      rtpRef = rtp;
      localRefMicros = local;
      mapped = true;
      fromSenderReport = true;
      if (!seen) {
        lastRtp = rtp;
        seen = true;
      }
    }

    /** Whether this track's time comes from a sender report rather than from arrival. */
    public boolean isSynchronized() {
      return fromSenderReport;
    }

    /** Whether any packet or report has mapped this track yet. */
    public boolean isMapped() {
      return mapped;
    }

    /**
     * Presentation time of {@code rtpTimestamp} in 90 kHz ticks from the clock's origin (negative
     * before the origin).
     *
     * @throws IllegalStateException when the track has not been mapped yet
     */
    public long pts90k(long rtpTimestamp) {
      return Math.floorDiv((localMicrosOf(rtpTimestamp) - originMicros) * 9, 100);
    }

    private long localMicrosOf(long rtpTimestamp) {
      if (!mapped) {
        throw new IllegalStateException("track has no packet or sender report yet");
      }
      return localRefMicros + Math.floorDiv((rtpTimestamp - rtpRef) * 1_000_000L, clockRate);
    }

    /**
     * RFC 3550 §5.1 timestamps wrap at 2^32: pick the 64-bit value nearest the last packet. Before
     * any packet the value is taken as it is, as a widening that starts at its first value does.
     */
    private long widen(long rtpTimestamp32) {
      if (!seen) {
        return rtpTimestamp32 & 0xFFFF_FFFFL;
      }
      int delta = (int) (rtpTimestamp32 - lastRtp);
      return lastRtp + delta;
    }
  }

  /**
   * @param originMicros the local time that is presentation time 0
   */
  public MediaClock(long originMicros) {
    this.originMicros = originMicros;
  }

  /** Adds a track with the given RTP clock rate (90,000 for video, 48,000 for Opus). */
  public Track track(int clockRate) {
    return new Track(clockRate);
  }

  /** How often a sender report moved a track's time by more than half a second. */
  public long discontinuities() {
    return discontinuities;
  }

  /** Converts a 64-bit NTP timestamp (RFC 3550 §4: seconds.fraction) to microseconds. */
  public static long ntpToMicros(long ntp) {
    long seconds = ntp >>> 32;
    long fraction = ntp & 0xFFFF_FFFFL;
    return seconds * 1_000_000L + ((fraction * 1_000_000L) >>> 32);
  }
}
