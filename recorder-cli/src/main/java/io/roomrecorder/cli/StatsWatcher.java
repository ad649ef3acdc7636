package io.roomrecorder.cli;

import io.roomrecorder.api.StreamStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the changes users want to see as log lines off successive {@link StreamStats} snapshots —
 * {@code Video codec: H264}, {@code Resolution: 1280x720}, {@code Candidate pair: host/host} —
 * since the engine reports them as statistics, not events. Not thread-safe: one status thread calls
 * it.
 */
final class StatsWatcher {
  /**
   * Something that changed.
   *
   * @param stream de-salted stream ID
   * @param text the log text (printable)
   * @param json the {@code --json} line
   */
  record Notice(String stream, String text, String json) {}

  private record Seen(String codec, int width, int height, String pair) {}

  private final Map<String, Seen> seen = new HashMap<>();

  List<Notice> update(Instant now, List<StreamStats> stats) {
    List<Notice> out = new ArrayList<>();
    for (StreamStats s : stats) {
      if (s.streamId() == null) {
        continue;
      }
      Seen before = seen.getOrDefault(s.streamId(), new Seen("", 0, 0, ""));
      String codec = Objects.requireNonNullElse(s.videoCodec(), "");
      String pair = Objects.requireNonNullElse(s.candidatePairType(), "");
      if (!codec.isEmpty() && !codec.equals(before.codec())) {
        out.add(
            new Notice(
                s.streamId(),
                "Video codec: " + EventLines.printable(codec),
                JsonEvents.notice("video_codec", now, s.streamId())
                    .put("codec", codec)
                    .toString()));
      }
      if (s.width() > 0
          && s.height() > 0
          && (s.width() != before.width() || s.height() != before.height())) {
        out.add(
            new Notice(
                s.streamId(),
                "Resolution: " + s.width() + "x" + s.height(),
                JsonEvents.notice("resolution", now, s.streamId())
                    .put("width", s.width())
                    .put("height", s.height())
                    .toString()));
      }
      if (!pair.isEmpty() && !pair.equals(before.pair())) {
        out.add(
            new Notice(
                s.streamId(),
                "Selected candidate pair: " + EventLines.printable(pair),
                JsonEvents.notice("candidate_pair", now, s.streamId())
                    .put("pair", pair)
                    .toString()));
      }
      seen.put(
          s.streamId(),
          new Seen(
              codec.isEmpty() ? before.codec() : codec,
              s.width() > 0 ? s.width() : before.width(),
              s.height() > 0 ? s.height() : before.height(),
              pair.isEmpty() ? before.pair() : pair));
    }
    return out;
  }
}
