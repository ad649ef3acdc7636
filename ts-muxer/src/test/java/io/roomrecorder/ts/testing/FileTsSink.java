package io.roomrecorder.ts.testing;

import io.roomrecorder.ts.TsSink;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A {@link TsSink} writing to a file through its own 64 KiB buffer. Bytes reach the operating
 * system when the buffer fills (always whole packets) and at {@link #flush()}: a process killed
 * after a flush loses nothing before it. Not thread-safe.
 */
public final class FileTsSink implements TsSink {
  private final FileOutputStream out;
  private final byte[] buffer;
  private int length;
  private long bytesFlushed;
  private long bytesWritten;

  public FileTsSink(Path file) {
    this(file, 348 * 188);
  }

  /** With a buffer of {@code bufferSize} bytes (a multiple of 188 keeps writes packet-aligned). */
  public FileTsSink(Path file, int bufferSize) {
    try {
      this.out = new FileOutputStream(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.buffer = new byte[bufferSize];
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    bytesWritten += len;
    try {
      if (len >= buffer.length - length) {
        out.write(buffer, 0, length);
        length = 0;
        if (len >= buffer.length) {
          out.write(buf, off, len);
          return;
        }
      }
      System.arraycopy(buf, off, buffer, length, len);
      length += len;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void flush() {
    try {
      out.write(buffer, 0, length);
      length = 0;
      out.flush();
      bytesFlushed = bytesWritten;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Bytes handed to the OS as of the last {@link #flush()}. */
  public long bytesFlushed() {
    return bytesFlushed;
  }
}
