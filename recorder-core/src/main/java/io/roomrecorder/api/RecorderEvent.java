package io.roomrecorder.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything a recorder tells its embedder, delivered in order on the executor the embedder chose.
 * Each event carries the time it happened and, where it concerns one participant, the de-salted
 * stream ID.
 */
public sealed interface RecorderEvent {
  /** When the event happened. */
  Instant time();

  /** The handshake server connection went up or down. */
  record SignalingChanged(Instant time, boolean connected, String reason)
      implements RecorderEvent {}

  /** A publisher was found in the room (or the requested stream was offered). */
  record ParticipantJoined(Instant time, String streamId, String peerId) implements RecorderEvent {}

  /** A participant's connection ended; its file, if any, has been finalized. */
  record ParticipantLeft(Instant time, String streamId, String reason) implements RecorderEvent {}

  /** A participant's connection changed state. */
  record PeerStateChanged(
      Instant time, String streamId, PeerState from, PeerState to, String reason)
      implements RecorderEvent {}

  /** A file was opened for a participant. */
  record RecordingStarted(Instant time, String streamId, Path file) implements RecorderEvent {}

  /** A file was finalized. */
  record RecordingStopped(
      Instant time, String streamId, Path file, Duration mediaDuration, long bytes, String reason)
      implements RecorderEvent {}

  /** Something the user should know that does not stop the recording (e.g. audio only). */
  record Warning(Instant time, String streamId, String message) implements RecorderEvent {}

  /**
   * Something went wrong. {@code streamId} is {@code null} when it concerns the whole recorder; a
   * participant's error never stops the others.
   */
  record Error(Instant time, String streamId, String message) implements RecorderEvent {}
}
