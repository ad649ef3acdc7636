package io.roomrecorder.ts;

/**
 * One elementary stream's timeline: admits increasing PTS, refuses small steps backwards
 * (duplicates, reordering) and turns jumps beyond the configured limit into a discontinuity by
 * shifting the stream so it continues one frame after its previous access unit. Works on the
 * caller's 64-bit 90 kHz values; the 33-bit wrap happens only when timestamps are written.
 *
 * <p>Not thread-safe; owned by one {@link TsMuxer}.
 */
final class StreamTimeline {
  static final long REJECT_NOT_INCREASING = Long.MIN_VALUE;
  static final long REJECT_OUT_OF_RANGE = Long.MIN_VALUE + 1;
  static final long UNSET = Long.MIN_VALUE;

  /** Inputs beyond ±2^60 ticks (400,000 years) cannot be meant and would overflow arithmetic. */
  static final long MAX_ABS_PTS = 1L << 60;

  private final long maxJump;
  private final long defaultStep;
  private long shift;
  private long last = UNSET;
  private long lastStep;
  private long discontinuities;

  StreamTimeline(long maxJump, long defaultStep) {
    this.maxJump = maxJump;
    this.defaultStep = defaultStep;
  }

  /**
   * Maps an input PTS to the program timeline.
   *
   * @param programClock the largest timestamp admitted on any stream so far, or {@link #UNSET}
   * @return the admitted timestamp, or one of the {@code REJECT_*} values
   */
  long admit(long pts, long programClock) {
    if (pts > MAX_ABS_PTS || pts < -MAX_ABS_PTS) {
      return REJECT_OUT_OF_RANGE;
    }
    long adjusted = pts - shift;
    if (last == UNSET) {
      // A stream that starts later joins the program where it is, unless it is hours away.
      if (programClock != UNSET && Math.abs(adjusted - programClock) > maxJump) {
        shift += adjusted - programClock;
        adjusted = programClock;
        discontinuities++;
      }
      last = adjusted;
      return adjusted;
    }
    long delta = adjusted - last;
    // Forward: only a jump ahead of the whole program is a discontinuity; a stream that was
    // silent while the other went on (camera off) simply has a gap.
    boolean jumpAhead = delta > maxJump && adjusted - programClock > maxJump;
    if (jumpAhead || delta < -maxJump) {
      long target = last + (lastStep > 0 ? lastStep : defaultStep);
      shift += adjusted - target;
      adjusted = target;
      discontinuities++;
    } else if (delta <= 0) {
      return REJECT_NOT_INCREASING;
    }
    lastStep = Math.min(adjusted - last, 90_000);
    last = adjusted;
    return adjusted;
  }

  long discontinuities() {
    return discontinuities;
  }
}
