package io.roomrecorder.signaling;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: {@code initial · 2^failures} capped at {@code max}, with ±20 % jitter so many
 * recorders do not reconnect in lockstep. A connection that stayed open for {@link
 * #STABLE_AFTER_MS} resets the count. Not thread-safe (owned by one session).
 */
final class Backoff {

  /** A connection that lasted this long resets the backoff. */
  static final long STABLE_AFTER_MS = 10_000;

  private final long initialMs;
  private final long maxMs;
  private final RandomGenerator random;
  private int failures;

  Backoff(SignalingConfig config, RandomGenerator random) {
    this.initialMs = config.initialBackoff().toMillis();
    this.maxMs = config.maxBackoff().toMillis();
    this.random = random;
  }

  /**
   * The delay before the next attempt, after a connection that was open for {@code openMs} (or -1).
   */
  long nextDelay(long openMs) {
    if (openMs >= STABLE_AFTER_MS) {
      failures = 0;
    }
    long base = Math.min(initialMs << Math.min(failures, 20), maxMs);
    failures++;
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Math.max(1, Math.min(maxMs, (long) (base * jitter)));
  }
}
