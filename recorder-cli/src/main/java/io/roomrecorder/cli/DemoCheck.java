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

/**
 * The demo's verdict on what it recorded: every expected stream has a file, and every file is a
 * finalized MPEG-TS recording that our {@link TsReader} reads without a single problem, with H.264
 * video (a resolution and frames) and Opus audio (frames). Pure apart from reading the files;
 * stateless.
 */
final class DemoCheck {
  /**
   * One file's check.
   *
   * @param stream the stream ID it belongs to
   * @param file the file
   * @param valid whether it passed every check
   * @param lines what to print: the verdict first, then the summary (codecs, resolution, frames,
   *     duration) or the reasons it failed
   */
  record FileVerdict(String stream, Path file, boolean valid, List<String> lines) {}

  /**
   * The whole verdict.
   *
   * @param files each recorded file's check, in recording order
   * @param missing expected streams without any file
   */
  record Verdict(List<FileVerdict> files, List<String> missing) {
    boolean passed() {
      return missing.isEmpty() && !files.isEmpty() && files.stream().allMatch(FileVerdict::valid);
    }

    /** The report printed after the recording summary. */
    List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add("Checked with our MPEG-TS reader:");
      for (FileVerdict f : files) {
        for (int i = 0; i < f.lines().size(); i++) {
          out.add((i == 0 ? "  " : "      ") + f.lines().get(i));
        }
      }
      for (String s : missing) {
        out.add("  " + EventLines.printable(s) + ": NO FILE was recorded for this publisher");
      }
      return out;
    }

    /** One sentence saying why the demo failed, or null when it passed. */
    String failure() {
      if (passed()) {
        return null;
      }
      List<String> why = new ArrayList<>();
      if (!missing.isEmpty()) {
        why.add("no file for " + EventLines.printable(String.join(", ", missing)));
      }
      long invalid = files.stream().filter(f -> !f.valid()).count();
      if (invalid > 0) {
        why.add(invalid + " of " + files.size() + " files not valid");
      }
      if (files.isEmpty() && missing.isEmpty()) {
        why.add("nothing was recorded");
      }
      return String.join("; ", why);
    }
  }

  private DemoCheck() {}

  /** Checks {@code files} against the streams that should have been recorded. */
  static Verdict check(List<String> expectedStreams, List<RecordingSummary.RecordedFile> files) {
    List<FileVerdict> verdicts = new ArrayList<>();
    List<String> missing = new ArrayList<>(expectedStreams);
    for (RecordingSummary.RecordedFile f : files) {
      missing.remove(f.stream());
      verdicts.add(checkFile(f));
    }
    return new Verdict(List.copyOf(verdicts), List.copyOf(missing));
  }

  static FileVerdict checkFile(RecordingSummary.RecordedFile f) {
    String head =
        EventLines.printable(f.stream()) + ": " + EventLines.printable(f.file().toString());
    List<String> problems = new ArrayList<>();
    if (!f.finalized()) {
      problems.add("the recorder did not confirm that it finalized the file");
    }
    if (!f.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ts")) {
      problems.add(
          "not an MPEG-TS file (the demo publishers send H.264, which is recorded to .ts)");
      return verdict(f, head, null, problems);
    }
    if (!Files.isRegularFile(f.file())) {
      problems.add("the file does not exist");
      return verdict(f, head, null, problems);
    }
    TsSummary summary;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(f.file()), 1 << 16)) {
      summary = TsReader.read(in);
    } catch (IOException | RuntimeException e) {
      problems.add("cannot read it: " + RecordingSession.message(e));
      return verdict(f, head, null, problems);
    }
    if (summary.packets() == 0) {
      problems.add("no MPEG-TS packets");
    }
    if (!summary.clean()) {
      StringBuilder kinds = new StringBuilder();
      for (var e : summary.problemCounts().entrySet()) {
        if (e.getValue() > 0) {
          kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getKey()).append(' ');
          kinds.append(e.getValue());
        }
      }
      problems.add("the reader found " + summary.problemCount() + " problems (" + kinds + ")");
      for (TsProblem p : summary.problems().subList(0, Math.min(3, summary.problems().size()))) {
        problems.add(
            "  at byte "
                + p.byteOffset()
                + ", PID "
                + p.pid()
                + ": "
                + p.kind()
                + " "
                + p.detail());
      }
    }
    StreamSummary video = summary.stream("h264");
    StreamSummary audio = summary.stream("opus");
    if (video == null || video.frames() == 0) {
      problems.add("no H.264 video frames");
    } else if (video.width() <= 0 || video.height() <= 0) {
      problems.add("no H.264 picture size (no sequence parameter set)");
    }
    if (audio == null || audio.frames() == 0) {
      problems.add("no Opus audio frames");
    }
    return verdict(f, head, summary, problems);
  }

  private static FileVerdict verdict(
      RecordingSummary.RecordedFile f, String head, TsSummary summary, List<String> problems) {
    List<String> lines = new ArrayList<>();
    lines.add(head + (problems.isEmpty() ? "  valid" : "  NOT VALID"));
    if (summary != null) {
      lines.add(describe(summary));
    }
    for (String p : problems) {
      lines.add("problem: " + EventLines.printable(p));
    }
    return new FileVerdict(f.stream(), f.file(), problems.isEmpty(), List.copyOf(lines));
  }

  /** {@code H.264 640x360, 271 frames (5 keyframes), 9.03 s; Opus 451 frames, 9.02 s; 1.1 MiB}. */
  static String describe(TsSummary summary) {
    List<String> parts = new ArrayList<>();
    for (StreamSummary s : summary.streams()) {
      if (s.codec().equals("h264")) {
        StringBuilder res = new StringBuilder();
        for (StreamSummary.Resolution r : s.resolutions()) {
          res.append(res.length() == 0 ? "" : " -> ").append(r.width()).append('x');
          res.append(r.height());
        }
        parts.add(
            String.format(
                Locale.ROOT,
                "H.264 %s, %d frames (%d keyframes), %.2f s",
                res.length() == 0 ? "(no size)" : res,
                s.frames(),
                s.keyframes(),
                s.durationSeconds()));
      } else if (s.codec().equals("opus")) {
        parts.add(
            String.format(Locale.ROOT, "Opus %d frames, %.2f s", s.frames(), s.durationSeconds()));
      } else {
        parts.add(
            String.format(Locale.ROOT, "stream_type 0x%02x %d frames", s.streamType(), s.frames()));
      }
    }
    parts.add(Units.bytes(summary.bytes()));
    return String.join("; ", parts);
  }
}
