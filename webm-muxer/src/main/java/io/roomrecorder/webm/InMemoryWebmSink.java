package io.roomrecorder.webm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A seekable sink that keeps the file in a growable byte array: for tests, benchmarks and small
 * in-memory recordings. Not thread-safe. {@link #toByteArray()} returns a copy.
 */
public final class InMemoryWebmSink implements SeekableWebmSink {
  private byte[] buf;
  private int size;
  private int flushedSize;
  private long flushes;

  public InMemoryWebmSink() {
    this(64 * 1024);
  }

  public InMemoryWebmSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  @Override
  public void write(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    if (size + len > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + len);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("in-memory WebM file would exceed 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
    System.arraycopy(src, off, buf, size, len);
    size += len;
  }

  @Override
  public void rewrite(long position, byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    if (position < 0 || position + len > size) {
      throw new IndexOutOfBoundsException(
          "rewrite of " + len + " bytes at " + position + " outside the " + size + " written");
    }
    System.arraycopy(src, off, buf, (int) position, len);
  }

  @Override
  public void flush() {
    flushedSize = size;
    flushes++;
  }

  public int size() {
    return size;
  }

  /** How many bytes had been written at the last {@link #flush()}. */
  public int flushedSize() {
    return flushedSize;
  }

  public long flushes() {
    return flushes;
  }

  /** A copy of the whole file as written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** A copy of the file as it stood at the last flush: what a killed process leaves on disk. */
  public byte[] flushedBytes() {
    return Arrays.copyOf(buf, flushedSize);
  }

  /** Empties the sink for reuse (benchmarks). */
  public void clear() {
    size = 0;
    flushedSize = 0;
  }
}
