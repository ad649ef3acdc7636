package io.roomrecorder.api;

/** Binds the API to the engine in recorder-core. */
final class DefaultEngine {
  private DefaultEngine() {}

  static final RoomRecorder.EngineFactory FACTORY =
      (config, events) -> {
        throw new UnsupportedOperationException(
            "room recording is not wired yet (issue 9): the engine is being built");
      };
}
