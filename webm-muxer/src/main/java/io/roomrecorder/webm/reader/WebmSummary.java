package io.roomrecorder.webm.reader;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link WebmReader} found in a WebM/Matroska file. Immutable.
 *
 * @param bytes bytes read (the whole input)
 * @param docType the EBML header's DocType, "" if none
 * @param timestampScaleNs Info TimestampScale (default 1,000,000 ns)
 * @param declaredDurationSeconds Info Duration in seconds, NaN if absent (a live file has none)
 * @param segmentUnknownSize whether the Segment's size is unknown (a file not finalized)
 * @param clusters Clusters read (including a truncated last one)
 * @param tracks the TrackEntries, in file order
 * @param problemCounts how many of each problem kind (all kinds present; notes count 0 here)
 * @param problems the first {@link WebmReader#MAX_LISTED_PROBLEMS} problems in file order
 * @param notes findings that do not make the file invalid ({@link WebmProblem.Kind#note()})
 */
public record WebmSummary(
    long bytes,
    String docType,
    long timestampScaleNs,
    double declaredDurationSeconds,
    boolean segmentUnknownSize,
    long clusters,
    List<WebmTrackSummary> tracks,
    Map<WebmProblem.Kind, Long> problemCounts,
    List<WebmProblem> problems,
    List<WebmProblem> notes) {

  /** Whether no check failed (notes allowed). */
  public boolean clean() {
    return problemCount() == 0;
  }

  /** Total problems, including those beyond the listed ones; notes are not problems. */
  public long problemCount() {
    long n = 0;
    for (long v : problemCounts.values()) {
      n += v;
    }
    return n;
  }

  /** Problems of one kind. */
  public long problemCount(WebmProblem.Kind kind) {
    return problemCounts.getOrDefault(kind, 0L);
  }

  /** Whether a note of this kind was made. */
  public boolean hasNote(WebmProblem.Kind kind) {
    return notes.stream().anyMatch(n -> n.kind() == kind);
  }

  /** Frames over all tracks. */
  public long frames() {
    long n = 0;
    for (WebmTrackSummary t : tracks) {
      n += t.frames();
    }
    return n;
  }

  /** The first track with this CodecID ("V_VP8", "A_OPUS"), or {@code null}. */
  public WebmTrackSummary track(String codecId) {
    for (WebmTrackSummary t : tracks) {
      if (t.codecId().equals(codecId)) {
        return t;
      }
    }
    return null;
  }

  /** From the earliest first block to the latest end over all tracks (0 if no blocks). */
  public double durationSeconds() {
    long first = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (WebmTrackSummary t : tracks) {
      if (t.firstNs() >= 0) {
        first = Math.min(first, t.firstNs());
        end = Math.max(end, t.endNs());
      }
    }
    return first == Long.MAX_VALUE ? 0 : (end - first) / 1e9;
  }

  /** A multi-line human-readable report (what {@code room-recorder inspect} prints). */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d bytes, DocType %s, %d clusters, duration %.3f s",
            bytes,
            docType.isEmpty() ? "?" : docType,
            clusters,
            durationSeconds()));
    if (Double.isNaN(declaredDurationSeconds)) {
      sb.append(segmentUnknownSize ? " (live file: no declared duration)" : "");
    } else {
      sb.append(String.format(Locale.ROOT, " (declared %.3f s)", declaredDurationSeconds));
    }
    sb.append(String.format("%n"));
    for (WebmTrackSummary t : tracks) {
      sb.append(String.format(Locale.ROOT, "  track %d %s %s", t.number(), t.type(), t.codecId()));
      if (t.width() > 0 || t.height() > 0) {
        sb.append(' ').append(t.width()).append('x').append(t.height());
      }
      if (t.channels() > 0) {
        sb.append(
            String.format(Locale.ROOT, " %d ch %.0f Hz", t.channels(), t.samplingFrequency()));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              ": %d frames, %d keyframes, %.3f .. %.3f s, %.3f s",
              t.frames(),
              t.keyframes(),
              t.firstSeconds(),
              t.lastSeconds(),
              t.durationSeconds()));
      if (!t.gaps().isEmpty()) {
        sb.append(", ").append(t.gaps().size()).append(" gaps");
      }
      sb.append(String.format("%n"));
    }
    sb.append(String.format("problems: %d, notes: %d%n", problemCount(), notes.size()));
    for (WebmProblem p : notes) {
      sb.append(String.format("  note @%d %s: %s%n", p.byteOffset(), p.kind(), p.detail()));
    }
    for (WebmProblem p : problems) {
      sb.append(String.format("  @%d", p.byteOffset()));
      if (p.track() >= 0) {
        sb.append(" track ").append(p.track());
      }
      sb.append(String.format(" %s: %s%n", p.kind(), p.detail()));
    }
    return sb.toString();
  }
}
