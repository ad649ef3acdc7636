package io.roomrecorder.api;

import io.roomrecorder.core.room.RoomEngine;

/** Binds the API to the engine in recorder-core. */
final class DefaultEngine {
  private DefaultEngine() {}

  static final RoomRecorder.EngineFactory FACTORY = RoomEngine.FACTORY;
}
