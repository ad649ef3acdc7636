package io.roomrecorder.signaling;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;

/**
 * Counts dropped messages per {@link DropReason} and logs each drop with a clear line: the first
 * {@value #LOUD} of each reason at WARN, then every {@value #EVERY}th, so a flood cannot flood the
 * log. Thread-safe.
 */
public final class DropCounter {

  static final int LOUD = 20;
  static final int EVERY = 1000;

  private final Logger log;
  private final String what;
  private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);

  /**
   * @param log where drop lines go
   * @param what what is dropped, for the log line ("signaling message", "data-channel message")
   */
  public DropCounter(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /**
   * Counts one drop and maybe logs it; {@code detail} should be short and never the whole input.
   */
  public void drop(DropReason reason, String detail) {
    long n = counts.incrementAndGet(reason.ordinal());
    if (n <= LOUD || n % EVERY == 0) {
      log.warn("dropped {} ({}): {} [{} so far]", what, reason, detail, n);
    }
  }

  /** The count for one reason. */
  public long count(DropReason reason) {
    return counts.get(reason.ordinal());
  }

  /** All counts (zero counts included), in enum order. */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      out.put(r, counts.get(r.ordinal()));
    }
    return out;
  }

  /** Sum over all reasons. */
  public long total() {
    long sum = 0;
    for (int i = 0; i < counts.length(); i++) {
      sum += counts.get(i);
    }
    return sum;
  }

  /** Cuts an untrusted string for a log line. */
  public static String excerpt(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
    StringBuilder out = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
