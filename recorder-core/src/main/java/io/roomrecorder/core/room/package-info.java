/**
 * Room recording: the engine behind {@link io.roomrecorder.api.RoomRecorder} that turns signaling
 * events into peer sessions and per-participant recordings.
 */
package io.roomrecorder.core.room;
