package io.roomrecorder.cli;

import io.roomrecorder.ts.reader.StreamSummary;
import io.roomrecorder.ts.reader.TsProblem;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code room-recorder inspect FILE.ts…}: our MPEG-TS reader's check and summary (streams, codec,
 * resolution, frames, duration, PTS gaps, continuity errors, problems). Exit 0 when every file is
 * clean, 1 when the reader found a problem or a file cannot be read, 2 for WebM files (webm-muxer
 * has no reader yet). Not thread-safe.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Checks recordings with our MPEG-TS reader and summarises them.",
    footer = {
      "%nExit codes: 0 every file is valid, 1 a problem was found or a file cannot be read,"
          + " 2 usage error or a WebM file (not supported yet)."
    })
final class InspectCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "MPEG-TS recordings (.ts).")
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

  private int inspect(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".webm") || lower.endsWith(".mkv")) {
      ctx.err()
          .println(
              "room-recorder inspect: "
                  + file
                  + ": WebM is not supported yet (webm-muxer has no reader); use ffprobe");
      return ExitCode.USAGE;
    }
    TsSummary summary;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      summary = TsReader.read(in);
    } catch (IOException | RuntimeException e) {
      ctx.err().println("room-recorder inspect: cannot read " + file + ": " + e.getMessage());
      return ExitCode.FAILURE;
    }
    boolean valid = summary.clean() && summary.packets() > 0;
    if (json) {
      ctx.out().println(json(file, summary, valid));
    } else {
      ctx.out()
          .println(
              file
                  + ": "
                  + (valid
                      ? "valid"
                      : summary.packets() == 0 ? "NO TS PACKETS" : "PROBLEMS FOUND"));
      ctx.out().print(summary.describe());
      for (StreamSummary s : summary.streams()) {
        for (StreamSummary.Gap g : s.gaps()) {
          ctx.out()
              .printf(
                  Locale.ROOT,
                  "  gap in %s: %.3f s at %.3f s%n",
                  s.codec(),
                  g.seconds(),
                  (g.fromPts90k() - s.firstPts90k()) / 90_000.0);
        }
      }
    }
    ctx.out().flush();
    return valid ? ExitCode.OK : ExitCode.FAILURE;
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
    JsonLine counts = JsonLine.object();
    for (Map.Entry<TsProblem.Kind, Long> e : s.problemCounts().entrySet()) {
      if (e.getValue() > 0) {
        counts.put(e.getKey().name(), e.getValue());
      }
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
        .put("valid", valid)
        .put("bytes", s.bytes())
        .put("packets", s.packets())
        .put("duration_seconds", s.durationSeconds())
        .put("continuity_errors", s.continuityErrors())
        .put("problem_count", s.problemCount())
        .put("problem_counts", counts)
        .putObjects("streams", streams)
        .putObjects("problems", problems)
        .toString();
  }
}
