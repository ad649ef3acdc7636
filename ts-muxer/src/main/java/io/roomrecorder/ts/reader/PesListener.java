package io.roomrecorder.ts.reader;

/**
 * Receives each complete PES payload as {@link TsReader} reassembles it (e.g. to decode video).
 * Called on the reader's thread.
 */
@FunctionalInterface
public interface PesListener {
  /**
   * @param pid the elementary stream's PID
   * @param streamType its stream_type from the PMT
   * @param pts90k PTS (unwrapped across the 33-bit wrap), or -1 if the PES had none
   * @param payload borrowed: valid only during the call, copy what you keep
   */
  void onPes(int pid, int streamType, long pts90k, byte[] payload, int off, int len);
}
