package io.roomrecorder.ts.reader;

import java.util.List;
import java.util.Map;

/**
 * What {@link TsReader} found in a transport stream. Immutable.
 *
 * @param bytes bytes read
 * @param packets complete 188-byte packets read
 * @param streams elementary streams of the program, in PMT order
 * @param durationSeconds from the earliest start to the latest end over all streams (0 if none)
 * @param continuityErrors continuity-counter errors over all PIDs
 * @param problemCounts how many of each problem kind (all kinds present)
 * @param problems the first {@link TsReader#MAX_LISTED_PROBLEMS} problems in stream order
 */
public record TsSummary(
    long bytes,
    long packets,
    List<StreamSummary> streams,
    double durationSeconds,
    long continuityErrors,
    Map<TsProblem.Kind, Long> problemCounts,
    List<TsProblem> problems) {

  /** Whether no check failed. */
  public boolean clean() {
    return problemCount() == 0;
  }

  /** Total problems, including those beyond the listed ones. */
  public long problemCount() {
    long n = 0;
    for (long v : problemCounts.values()) {
      n += v;
    }
    return n;
  }

  /** Problems of one kind. */
  public long problemCount(TsProblem.Kind kind) {
    return problemCounts.getOrDefault(kind, 0L);
  }

  /** The first stream with the given codec name ("h264", "opus"), or {@code null}. */
  public StreamSummary stream(String codec) {
    for (StreamSummary s : streams) {
      if (s.codec().equals(codec)) {
        return s;
      }
    }
    return null;
  }

  /** A multi-line human-readable report (what {@code room-recorder inspect} prints). */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format("%d bytes, %d packets, duration %.3f s%n", bytes, packets, durationSeconds));
    for (StreamSummary s : streams) {
      sb.append(
          String.format(
              "  PID 0x%04x stream_type 0x%02x %s: %d frames in %d PES, %.3f s",
              s.pid(), s.streamType(), s.codec(), s.frames(), s.pesPackets(), s.durationSeconds()));
      if (!s.resolutions().isEmpty()) {
        sb.append(", ");
        for (int i = 0; i < s.resolutions().size(); i++) {
          StreamSummary.Resolution r = s.resolutions().get(i);
          sb.append(i == 0 ? "" : " -> ").append(r.width()).append('x').append(r.height());
        }
        sb.append(", ").append(s.keyframes()).append(" keyframes");
      }
      if (!s.gaps().isEmpty()) {
        sb.append(", ").append(s.gaps().size()).append(" gaps");
      }
      sb.append(String.format("%n"));
    }
    sb.append(
        String.format("continuity errors: %d, problems: %d%n", continuityErrors, problemCount()));
    for (TsProblem p : problems) {
      sb.append(
          String.format("  @%d pid %d %s: %s%n", p.byteOffset(), p.pid(), p.kind(), p.detail()));
    }
    return sb.toString();
  }
}
