package io.roomrecorder.ts.testing;

import io.roomrecorder.ts.TsSink;
import java.io.ByteArrayOutputStream;

/** A {@link TsSink} collecting everything in memory; counts flushes. Not thread-safe. */
public final class ByteArrayTsSink implements TsSink {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private int flushes;
  private int writes;
  private boolean closed;
  private int flushedLength;

  @Override
  public void write(byte[] buf, int off, int len) {
    if (closed) {
      throw new IllegalStateException("write after close");
    }
    if (len % 188 != 0) {
      throw new AssertionError("sink got " + len + " bytes, not whole packets");
    }
    writes++;
    bytes.write(buf, off, len);
  }

  @Override
  public void flush() {
    flushes++;
    flushedLength = bytes.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  public int size() {
    return bytes.size();
  }

  public int flushes() {
    return flushes;
  }

  public int writes() {
    return writes;
  }

  public boolean closed() {
    return closed;
  }

  /** Size at the last flush. */
  public int flushedLength() {
    return flushedLength;
  }
}
