package io.roomrecorder.ts;

/**
 * Where a {@link TsMuxer} puts its 188-byte transport packets.
 *
 * <p><b>Buffer ownership:</b> {@link #write} borrows {@code buf}: the sink must consume or copy
 * {@code buf[off, off+len)} before returning and must not keep a reference, because the muxer
 * reuses the array. {@code len} is always a whole number of 188-byte packets, so a sink that writes
 * each call completely never leaves a torn packet behind.
 *
 * <p><b>Flush point:</b> {@link #flush} is called by {@link TsMuxer#flush()} and {@link
 * TsMuxer#close()} once every packet of every access unit handed to the muxer so far has been
 * written; a crash after {@code flush} returns must lose nothing written before it. A file sink
 * pushes its buffer to the operating system there (recorder-core flushes at least once a second).
 *
 * <p><b>Errors:</b> a sink signals I/O failure with an unchecked exception (e.g. {@link
 * java.io.UncheckedIOException}); it propagates out of the muxer call unchanged.
 *
 * <p>Called only from the thread that drives the muxer; implementations need not be thread-safe.
 */
public interface TsSink {

  /** Consumes {@code len} bytes (a multiple of 188) of transport packets. Borrows {@code buf}. */
  void write(byte[] buf, int off, int len);

  /** Flush point: makes everything written so far durable as far as the sink can. */
  void flush();

  /** Releases the sink; called once by {@link TsMuxer#close()} after the final flush. */
  default void close() {}
}
