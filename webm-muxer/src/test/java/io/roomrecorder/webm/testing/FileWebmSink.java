package io.roomrecorder.webm.testing;

import io.roomrecorder.webm.WebmSink;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A test file sink shaped like recorder-core's: bytes are buffered in memory and reach the file
 * only at {@link #flush()}, so a killed process leaves exactly what the last flush wrote.
 */
public final class FileWebmSink implements WebmSink {
  private final FileOutputStream out;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);

  public FileWebmSink(Path file) {
    try {
      out = new FileOutputStream(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    buffer.write(buf, off, len);
  }

  @Override
  public void flush() {
    try {
      buffer.writeTo(out);
      out.flush();
      buffer.reset();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
