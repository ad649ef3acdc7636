package io.roomrecorder.cli;

import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import io.roomrecorder.api.RecorderEvent.Error;
import io.roomrecorder.api.RecorderEvent.ParticipantJoined;
import io.roomrecorder.api.RecorderEvent.ParticipantLeft;
import io.roomrecorder.api.RecorderEvent.PeerStateChanged;
import io.roomrecorder.api.RecorderEvent.RecordingStarted;
import io.roomrecorder.api.RecorderEvent.RecordingStopped;
import io.roomrecorder.api.RecorderEvent.SignalingChanged;
import io.roomrecorder.api.StreamStats;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The {@code --json} form of events: one object per line with {@code event} (snake_case type),
 * {@code time} (ISO-8601 UTC) and {@code stream} (de-salted ID, or null), then the event's fields.
 * Documented in docs/user-guide.md. Stateless.
 */
final class JsonEvents {
  private JsonEvents() {}

  static String of(RecorderEvent event) {
    if (event instanceof SignalingChanged e) {
      return head("signaling", e.time(), null)
          .put("connected", e.connected())
          .put("reason", e.reason())
          .toString();
    } else if (event instanceof ParticipantJoined e) {
      return head("participant_joined", e.time(), e.streamId()).put("peer", e.peerId()).toString();
    } else if (event instanceof ParticipantLeft e) {
      return head("participant_left", e.time(), e.streamId()).put("reason", e.reason()).toString();
    } else if (event instanceof PeerStateChanged e) {
      JsonLine j =
          head("state", e.time(), e.streamId())
              .put("from", e.from().name())
              .put("to", e.to().name())
              .put("ice", EventLines.iceState(e.to()))
              .put("reason", e.reason());
      if (e.to() == PeerState.FAILED) {
        j.put("failed_while", EventLines.iceState(e.from())).put("hint", EventLines.hint(e.from()));
      }
      return j.toString();
    } else if (event instanceof RecordingStarted e) {
      return head("recording_started", e.time(), e.streamId())
          .put("file", path(e.file()))
          .toString();
    } else if (event instanceof RecordingStopped e) {
      return head("recording_stopped", e.time(), e.streamId())
          .put("file", path(e.file()))
          .put(
              "media_seconds", e.mediaDuration() == null ? 0.0 : e.mediaDuration().toMillis() / 1e3)
          .put("bytes", e.bytes())
          .put("reason", e.reason())
          .toString();
    } else if (event instanceof Error e) {
      return head("error", e.time(), e.streamId()).put("message", e.message()).toString();
    } else if (event instanceof RecorderEvent.Warning w) {
      return head("warning", w.time(), w.streamId()).put("message", w.message()).toString();
    }
    return head("unknown", event.time(), null).put("text", String.valueOf(event)).toString();
  }

  /** A {@code stats} line: one participant's {@link StreamStats} snapshot. */
  static String stats(Instant time, StreamStats s) {
    return head("stats", time, s.streamId())
        .put("state", s.state() == null ? null : s.state().name())
        .put("pair", s.candidatePairType())
        .put("codec", s.videoCodec())
        .put("width", s.width())
        .put("height", s.height())
        .put("fps", s.framesPerSecond())
        .put("bitrate_bps", s.bitrateBps())
        .put("video_frames", s.videoFrames())
        .put("audio_frames", s.audioFrames())
        .put("packets_lost", s.packetsLost())
        .put("packets_recovered", s.packetsRecovered())
        .put("nacks_sent", s.nacksSent())
        .put("plis_sent", s.plisSent())
        .put("firs_sent", s.firsSent())
        .put("file", path(s.file()))
        .put("file_bytes", s.fileBytes())
        .put("media_seconds", s.mediaDuration() == null ? 0.0 : s.mediaDuration().toMillis() / 1e3)
        .toString();
  }

  /** A line for something read off the stats (codec, resolution, candidate pair). */
  static JsonLine notice(String event, Instant time, String stream) {
    return head(event, time, stream);
  }

  static JsonLine head(String event, Instant time, String stream) {
    return JsonLine.object()
        .put("event", event)
        .put("time", time == null ? null : time.toString())
        .put("stream", stream);
  }

  static String path(Path p) {
    return p == null ? null : p.toString();
  }
}
