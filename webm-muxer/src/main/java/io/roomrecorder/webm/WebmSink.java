package io.roomrecorder.webm;

/**
 * Where a {@link WebmMuxer} puts the bytes of its file, in order. Implemented by the embedder (a
 * buffered file in recorder-core, a byte array in tests); the muxer itself performs no I/O.
 *
 * <p>Ownership: {@link #write} borrows {@code buf} for the duration of the call only; the sink must
 * copy or consume the bytes before returning, because the muxer reuses its buffers and passes the
 * caller's frame arrays straight through. Failures are reported as unchecked exceptions (for
 * example {@link java.io.UncheckedIOException}); they propagate to the muxer's caller and leave the
 * muxer failed.
 *
 * <p>Called only from the thread that drives the muxer; implementations need not be thread-safe.
 * Mirrors ts-muxer's {@code TsSink}.
 *
 * <p>A sink that can also overwrite bytes it already received implements {@link SeekableWebmSink},
 * which lets the muxer finalize the file on close.
 */
public interface WebmSink {
  /** Appends {@code buf[off, off + len)} to the file. */
  void write(byte[] buf, int off, int len);

  /**
   * Pushes everything written so far to durable storage (or at least to the operating system), so
   * that a crash of this process loses nothing written before the call.
   */
  void flush();

  /** Releases the sink; called once by {@link WebmMuxer#close()} after the final flush. */
  default void close() {}
}
