package io.roomrecorder.ice;

/** Candidate gathering state, kept apart from {@link IceState} (as RTCIceGatheringState). */
public enum GatheringState {
  NEW,
  GATHERING,
  COMPLETE
}
