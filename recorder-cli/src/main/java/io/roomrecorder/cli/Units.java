package io.roomrecorder.cli;

import java.time.Duration;
import java.util.Locale;

/** Human forms of durations, byte counts and bit rates for the status table and summaries. */
final class Units {
  private Units() {}

  /** {@code 0:01:05}; {@code -} for null. */
  static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = Math.max(0, d.getSeconds());
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** {@code 512 B}, {@code 20.3 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 850 kb/s}, {@code 2.50 Mb/s}. */
  static String bitrate(long bps) {
    if (bps < 1_000_000) {
      return String.format(Locale.ROOT, "%d kb/s", Math.round(bps / 1000.0));
    }
    return String.format(Locale.ROOT, "%.2f Mb/s", bps / 1_000_000.0);
  }
}
