package io.roomrecorder.cli;

import io.roomrecorder.api.StreamStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the per-stream status table shown on a terminal: state, selected candidate pair
 * (host/srflx/relay), codec, resolution, fps, bitrate, media duration, file size, packets
 * lost/recovered. Pure: the same stats give the same lines. Stateless.
 */
final class StatusTable {
  static final String HEADER_FORMAT = "%-16s %-10s %-11s %-5s %-9s %5s %10s %8s %9s %s";

  private StatusTable() {}

  /**
   * The table's lines, header first, each cut to {@code width} characters (a wrapped line would
   * break the cursor arithmetic of {@link LiveScreen}).
   */
  static List<String> render(List<StreamStats> stats, int width) {
    List<String> lines = new ArrayList<>(stats.size() + 1);
    lines.add(
        fit(
            String.format(
                Locale.ROOT,
                HEADER_FORMAT,
                "STREAM",
                "STATE",
                "PAIR",
                "CODEC",
                "RES",
                "FPS",
                "BITRATE",
                "DURATION",
                "SIZE",
                "LOST/RECOVERED"),
            width));
    if (stats.isEmpty()) {
      lines.add(fit("(no publishers yet)", width));
    }
    for (StreamStats s : stats) {
      lines.add(fit(row(s), width));
    }
    return lines;
  }

  /** One stream as a plain line, for logs when stdout is not a terminal. */
  static String plain(StreamStats s) {
    return String.format(
        Locale.ROOT,
        "%s %s, %s, %s, %.1f fps, %s, %s, %s, lost %d, recovered %d",
        s.state(),
        dash(s.candidatePairType()),
        dash(s.videoCodec()),
        resolution(s),
        s.framesPerSecond(),
        Units.bitrate(s.bitrateBps()),
        Units.duration(s.mediaDuration()),
        Units.bytes(s.fileBytes()),
        s.packetsLost(),
        s.packetsRecovered());
  }

  private static String row(StreamStats s) {
    return String.format(
        Locale.ROOT,
        HEADER_FORMAT,
        cut(EventLines.printable(s.streamId()), 16),
        s.state(),
        cut(dash(s.candidatePairType()), 11),
        cut(dash(s.videoCodec()), 5),
        resolution(s),
        String.format(Locale.ROOT, "%.1f", s.framesPerSecond()),
        Units.bitrate(s.bitrateBps()),
        Units.duration(s.mediaDuration()),
        Units.bytes(s.fileBytes()),
        s.packetsLost() + "/" + s.packetsRecovered());
  }

  private static String resolution(StreamStats s) {
    return s.width() > 0 && s.height() > 0 ? s.width() + "x" + s.height() : "-";
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : EventLines.printable(s);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "~";
  }

  private static String fit(String s, int width) {
    return s.length() <= width ? s : s.substring(0, Math.max(0, width));
  }
}
