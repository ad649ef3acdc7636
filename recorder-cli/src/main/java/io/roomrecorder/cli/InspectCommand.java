package io.roomrecorder.cli;

import io.roomrecorder.ts.reader.StreamSummary;
import io.roomrecorder.ts.reader.TsProblem;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import io.roomrecorder.webm.reader.WebmProblem;
import io.roomrecorder.webm.reader.WebmReader;
import io.roomrecorder.webm.reader.WebmSummary;
import io.roomrecorder.webm.reader.WebmTrackSummary;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code room-recorder inspect FILE…}: checks and summarises recordings with our own readers — the
 * MPEG-TS reader (streams, codec, resolution, frames, duration, PTS gaps, continuity errors,
 * problems) and the WebM/Matroska reader (tracks, codec IDs, resolution, frames, key frames,
 * duration, timestamp gaps, problems; a last Cluster cut by a crash is a note, not a problem). The
 * format is sniffed from the first octets (EBML magic 1A 45 DF A3 for WebM/Matroska, sync byte 0x47
 * for TS), so a misnamed file is read right; the extension (.webm, .mkv) decides only for input
 * that starts with neither. Exit 0 when every file is valid, 1 when a reader found a problem or a
 * file cannot be read. Not thread-safe.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Checks recordings (MPEG-TS, WebM/Matroska) with our own readers and summarises them.",
    footer = {
      "%nThe format is recognised from the file's first bytes (then from .webm/.mkv)."
          + " A WebM recording cut by a crash inside its last Cluster is still valid (noted).",
      "%nExit codes: 0 every file is valid, 1 a problem was found or a file cannot be read,"
          + " 2 usage error."
    })
final class InspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Recordings: MPEG-TS (.ts) or WebM/Matroska (.webm, .mkv).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per file on stdout.")
  boolean json;

  InspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    int code = ExitCode.OK;
    for (Path file : files) {
      code = Math.max(code, inspect(file));
    }
    return code;
  }

  /** EBML header ID (RFC 8794 §11.2.1): the first four octets of every WebM/Matroska file. */
  private static final byte[] EBML_MAGIC = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

  /** TS sync byte (ISO/IEC 13818-1 §2.4.3.3). */
  private static final int TS_SYNC_BYTE = 0x47;

  private int inspect(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return isWebm(file, in) ? inspectWebm(file, in) : inspectTs(file, in);
    } catch (IOException | RuntimeException e) {
      ctx.err().println("room-recorder inspect: cannot read " + file + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
  }

  /** Sniffs the first octets (the stream must support mark), then falls back on the extension. */
  private static boolean isWebm(Path file, InputStream in) throws IOException {
    in.mark(EBML_MAGIC.length);
    byte[] head = in.readNBytes(EBML_MAGIC.length);
    in.reset();
    if (head.length == EBML_MAGIC.length && Arrays.equals(head, EBML_MAGIC)) {
      return true;
    }
    if (head.length > 0 && (head[0] & 0xFF) == TS_SYNC_BYTE) {
      return false;
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".webm") || lower.endsWith(".mkv");
  }

  private int inspectWebm(Path file, InputStream in) throws IOException {
    WebmSummary summary = WebmReader.read(in);
    boolean valid = summary.clean() && summary.frames() > 0;
    List<String> gaps = new ArrayList<>();
    for (WebmTrackSummary t : summary.tracks()) {
      for (WebmTrackSummary.Gap g : t.gaps()) {
        gaps.add(gapLine(t.codecId(), g.seconds(), (g.fromNs() - t.firstNs()) / 1e9));
      }
    }
    return report(
        valid,
        file
            + ": "
            + (valid ? "valid" : summary.clean() ? "NO FRAMES" : "PROBLEMS FOUND")
            + (summary.notes().isEmpty() ? "" : " (see notes)"),
        summary.describe(),
        gaps,
        () -> json(file, summary, valid));
  }

  private int inspectTs(Path file, InputStream in) throws IOException {
    TsSummary summary = TsReader.read(in);
    boolean valid = summary.clean() && summary.packets() > 0;
    List<String> gaps = new ArrayList<>();
    for (StreamSummary s : summary.streams()) {
      for (StreamSummary.Gap g : s.gaps()) {
        gaps.add(gapLine(s.codec(), g.seconds(), (g.fromPts90k() - s.firstPts90k()) / 90_000.0));
      }
    }
    return report(
        valid,
        file
            + ": "
            + (valid ? "valid" : summary.packets() == 0 ? "NO TS PACKETS" : "PROBLEMS FOUND"),
        summary.describe(),
        gaps,
        () -> json(file, summary, valid));
  }

  private static String gapLine(String codec, double seconds, double atSeconds) {
    return String.format(Locale.ROOT, "  gap in %s: %.3f s at %.3f s", codec, seconds, atSeconds);
  }

  /** Prints one file's result as text or JSON; the exit code for it. */
  private int report(
      boolean valid,
      String headline,
      String description,
      List<String> gaps,
      java.util.function.Supplier<String> json) {
    if (this.json) {
      ctx.out().println(json.get());
    } else {
      ctx.out().println(headline);
      ctx.out().print(description);
      gaps.forEach(ctx.out()::println);
    }
    ctx.out().flush();
    return valid ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** The kinds that occurred, with their counts. */
  private static JsonLine counts(Map<? extends Enum<?>, Long> problemCounts) {
    JsonLine counts = JsonLine.object();
    for (Map.Entry<? extends Enum<?>, Long> e : problemCounts.entrySet()) {
      if (e.getValue() > 0) {
        counts.put(e.getKey().name(), e.getValue());
      }
    }
    return counts;
  }

  /** The {@code --json} form of a summary. Times are seconds; PTS are 90 kHz ticks. */
  static String json(Path file, TsSummary s, boolean valid) {
    List<JsonLine> streams = new ArrayList<>();
    for (StreamSummary st : s.streams()) {
      List<JsonLine> resolutions = new ArrayList<>();
      for (StreamSummary.Resolution r : st.resolutions()) {
        resolutions.add(
            JsonLine.object()
                .put("width", r.width())
                .put("height", r.height())
                .put("from_pts_90k", r.fromPts90k()));
      }
      List<JsonLine> gaps = new ArrayList<>();
      for (StreamSummary.Gap g : st.gaps()) {
        gaps.add(
            JsonLine.object()
                .put("from_pts_90k", g.fromPts90k())
                .put("to_pts_90k", g.toPts90k())
                .put("seconds", g.seconds()));
      }
      streams.add(
          JsonLine.object()
              .put("pid", st.pid())
              .put("stream_type", st.streamType())
              .put("codec", st.codec())
              .put("width", st.width())
              .put("height", st.height())
              .put("frames", st.frames())
              .put("keyframes", st.keyframes())
              .put("pes_packets", st.pesPackets())
              .put("duration_seconds", st.durationSeconds())
              .put("continuity_errors", st.continuityErrors())
              .putObjects("resolutions", resolutions)
              .putObjects("gaps", gaps));
    }
    List<JsonLine> problems = new ArrayList<>();
    for (TsProblem p : s.problems()) {
      problems.add(
          JsonLine.object()
              .put("kind", p.kind().name())
              .put("byte_offset", p.byteOffset())
              .put("pid", p.pid())
              .put("detail", p.detail()));
    }
    return JsonLine.object()
        .put("file", file.toString())
        .put("format", "ts")
        .put("valid", valid)
        .put("bytes", s.bytes())
        .put("packets", s.packets())
        .put("duration_seconds", s.durationSeconds())
        .put("continuity_errors", s.continuityErrors())
        .put("problem_count", s.problemCount())
        .put("problem_counts", counts(s.problemCounts()))
        .putObjects("streams", streams)
        .putObjects("problems", problems)
        .toString();
  }

  /**
   * The {@code --json} form of a WebM summary, in the style of the TS one. Times are seconds;
   * {@code declared_duration_seconds} is null for a live (never finalized) file.
   */
  static String json(Path file, WebmSummary s, boolean valid) {
    List<JsonLine> tracks = new ArrayList<>();
    for (WebmTrackSummary t : s.tracks()) {
      List<JsonLine> gaps = new ArrayList<>();
      for (WebmTrackSummary.Gap g : t.gaps()) {
        gaps.add(
            JsonLine.object()
                .put("from_seconds", g.fromNs() / 1e9)
                .put("to_seconds", g.toNs() / 1e9)
                .put("seconds", g.seconds()));
      }
      tracks.add(
          JsonLine.object()
              .put("number", t.number())
              .put("type", t.type())
              .put("codec", t.codecId())
              .put("width", t.width())
              .put("height", t.height())
              .put("channels", t.channels())
              .put("sampling_frequency", t.samplingFrequency())
              .put("blocks", t.blocks())
              .put("frames", t.frames())
              .put("keyframes", t.keyframes())
              .put("first_seconds", t.firstSeconds())
              .put("last_seconds", t.lastSeconds())
              .put("duration_seconds", t.durationSeconds())
              .putObjects("gaps", gaps));
    }
    return JsonLine.object()
        .put("file", file.toString())
        .put("format", "webm")
        .put("valid", valid)
        .put("bytes", s.bytes())
        .put("doc_type", s.docType())
        .put("clusters", s.clusters())
        .put("duration_seconds", s.durationSeconds())
        .put("declared_duration_seconds", s.declaredDurationSeconds())
        .put("live", s.segmentUnknownSize())
        .put("problem_count", s.problemCount())
        .put("problem_counts", counts(s.problemCounts()))
        .putObjects("tracks", tracks)
        .putObjects("problems", problems(s.problems()))
        .putObjects("notes", problems(s.notes()))
        .toString();
  }

  private static List<JsonLine> problems(List<WebmProblem> list) {
    List<JsonLine> out = new ArrayList<>();
    for (WebmProblem p : list) {
      out.add(
          JsonLine.object()
              .put("kind", p.kind().name())
              .put("byte_offset", p.byteOffset())
              .put("track", p.track())
              .put("detail", p.detail()));
    }
    return out;
  }
}
