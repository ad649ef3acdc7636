package io.roomrecorder.cli;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RecorderEvent.Error;
import io.roomrecorder.api.RecorderEvent.PeerStateChanged;
import io.roomrecorder.api.RecorderEvent.RecordingStarted;
import io.roomrecorder.api.RecorderEvent.RecordingStopped;
import io.roomrecorder.api.StreamStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps what the end-of-run summary needs: every file opened (from events), whether it was
 * finalized, its duration and size, each stream's last statistics (loss, recovery), failures and
 * recorder-wide errors. Thread-safe (synchronized): events arrive on the event thread, statistics
 * on the status thread, and the summary is rendered on the main thread.
 */
final class RecordingSummary {
  /** One file and what is known about it. */
  static final class FileEntry {
    final String stream;
    final Path file;
    final Instant started;
    boolean finalized;
    Duration mediaDuration = Duration.ZERO;
    long bytes;
    String stopReason;

    FileEntry(String stream, Path file, Instant started) {
      this.stream = stream;
      this.file = file;
      this.started = started;
    }
  }

  private final Map<Path, FileEntry> files = new LinkedHashMap<>();
  private final Map<String, StreamStats> lastStats = new HashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String> recorderErrors = new ArrayList<>();

  synchronized void accept(RecorderEvent event) {
    if (event instanceof RecordingStarted e) {
      files.put(e.file(), new FileEntry(e.streamId(), e.file(), e.time()));
    } else if (event instanceof RecordingStopped e) {
      FileEntry f = files.computeIfAbsent(e.file(), p -> new FileEntry(e.streamId(), p, e.time()));
      f.finalized = true;
      f.mediaDuration = e.mediaDuration() == null ? Duration.ZERO : e.mediaDuration();
      f.bytes = e.bytes();
      f.stopReason = e.reason();
    } else if (event instanceof PeerStateChanged e && e.to() == PeerState.FAILED) {
      failures.add(e.streamId() + ": " + e.reason());
    } else if (event instanceof Error e && e.streamId() == null) {
      recorderErrors.add(e.message());
    }
  }

  synchronized void accept(List<StreamStats> stats) {
    for (StreamStats s : stats) {
      if (s.streamId() == null) {
        continue;
      }
      lastStats.put(s.streamId(), s);
      if (s.file() != null) {
        FileEntry f = files.get(s.file());
        if (f != null && !f.finalized) {
          f.bytes = s.fileBytes();
          f.mediaDuration = s.mediaDuration() == null ? Duration.ZERO : s.mediaDuration();
        }
      }
    }
  }

  /** Whether the recorder reported an error concerning the whole run (exit code 1). */
  synchronized boolean hadRecorderError() {
    return !recorderErrors.isEmpty();
  }

  synchronized int fileCount() {
    return files.size();
  }

  /**
   * A file of this run as the events described it.
   *
   * @param stream de-salted stream ID
   * @param file where it was written
   * @param finalized whether the recorder confirmed that it closed the file
   */
  record RecordedFile(String stream, Path file, boolean finalized) {}

  /** The files opened so far, in the order they were opened. */
  synchronized List<RecordedFile> files() {
    List<RecordedFile> out = new ArrayList<>(files.size());
    for (FileEntry f : files.values()) {
      out.add(new RecordedFile(f.stream, f.file, f.finalized));
    }
    return out;
  }

  /** The human summary printed at the end of a run. */
  synchronized String text(String endReason) {
    StringBuilder sb = new StringBuilder();
    long total = 0;
    for (FileEntry f : files.values()) {
      total += f.bytes;
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "Summary (%s): %d file%s, %s%n",
            endReason,
            files.size(),
            files.size() == 1 ? "" : "s",
            Units.bytes(total)));
    for (FileEntry f : files.values()) {
      StreamStats s = lastStats.get(f.stream);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s  %s  %s  %s  %s%s%n",
              EventLines.printable(f.stream),
              EventLines.printable(String.valueOf(f.file)),
              Units.duration(f.mediaDuration),
              Units.bytes(f.bytes),
              f.finalized ? "finalized" : "NOT FINALIZED (the recorder did not confirm the close)",
              s == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", packets lost %d, recovered %d, NACKs %d, PLIs %d",
                      s.packetsLost(),
                      s.packetsRecovered(),
                      s.nacksSent(),
                      s.plisSent())));
    }
    for (FileEntry f : files.values()) {
      Path sidecar = f.file == null ? null : f.file.resolveSibling(f.file.getFileName() + ".json");
      if (sidecar != null && Files.isRegularFile(sidecar)) {
        sb.append("  health: ")
            .append(EventLines.printable(sidecar.toString()))
            .append(System.lineSeparator());
      }
    }
    if (files.isEmpty()) {
      sb.append("  No file was recorded.").append(System.lineSeparator());
    }
    for (String f : failures) {
      sb.append("  failed: ").append(EventLines.printable(f)).append(System.lineSeparator());
    }
    for (String e : recorderErrors) {
      sb.append("  error: ").append(EventLines.printable(e)).append(System.lineSeparator());
    }
    return sb.toString();
  }

  /** The {@code --json} summary line. */
  synchronized String json(Instant now, String endReason, int exitCode) {
    List<JsonLine> list = new ArrayList<>();
    for (FileEntry f : files.values()) {
      StreamStats s = lastStats.get(f.stream);
      JsonLine j =
          JsonLine.object()
              .put("stream", f.stream)
              .put("file", JsonEvents.path(f.file))
              .put("finalized", f.finalized)
              .put("media_seconds", f.mediaDuration.toMillis() / 1e3)
              .put("bytes", f.bytes)
              .put("stop_reason", f.stopReason);
      if (s != null) {
        j.put("packets_lost", s.packetsLost())
            .put("packets_recovered", s.packetsRecovered())
            .put("nacks_sent", s.nacksSent())
            .put("plis_sent", s.plisSent())
            .put("firs_sent", s.firsSent());
      }
      list.add(j);
    }
    return JsonEvents.head("summary", now, null)
        .put("end", endReason)
        .put("exit_code", exitCode)
        .putObjects("files", list)
        .putStrings("failures", failures)
        .putStrings("errors", recorderErrors)
        .toString();
  }
}
