package io.roomrecorder.core.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One recording on disk, written through a buffer that the owner flushes at least once a second, so
 * that a crash loses at most the last second. The file is always new: an existing name gets a
 * counter ({@code _2}, {@code _3}, …), never an overwrite, and the name is checked to stay inside
 * the output folder whatever the caller passed.
 *
 * <p>Not thread-safe: owned by one participant's session thread. Write errors (full disk, folder
 * gone) surface as {@link IOException}s for the owner to report; the file stays as valid as its
 * last successful flush.
 */
public final class RecordingFile implements AutoCloseable {
  /** Buffer size: about 200 ms of a 2.5 Mbit/s stream, so flushes are a few writes a second. */
  static final int BUFFER_BYTES = 64 * 1024;

  private static final int MAX_COUNTER = 1000;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private long size;
  private boolean closed;

  private RecordingFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Creates {@code {base}.{extension}} (or {@code {base}_N.{extension}} when taken) in {@code
   * folder}.
   *
   * @param base a file-name-safe base name (see signaling's {@code StreamIds.fileNameSafe}); it is
   *     checked again here
   * @throws IllegalArgumentException when {@code base} or {@code extension} would leave the folder
   * @throws IOException when the folder is not writable
   */
  public static RecordingFile create(Path folder, String base, String extension)
      throws IOException {
    requireSafe(base, "base name");
    requireSafe(extension, "extension");
    Path dir = folder.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    for (int n = 1; n <= MAX_COUNTER; n++) {
      String name = (n == 1 ? base : base + "_" + n) + "." + extension;
      Path candidate = dir.resolve(name).normalize();
      if (!dir.equals(candidate.getParent())) {
        throw new IllegalArgumentException("file name leaves the output folder: " + name);
      }
      try {
        FileChannel channel =
            FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new RecordingFile(candidate, channel);
      } catch (FileAlreadyExistsException taken) {
        // try the next counter
      }
    }
    throw new IOException("no free file name for " + base + " in " + dir);
  }

  private static void requireSafe(String part, String what) {
    if (part == null || part.isEmpty() || part.length() > 200) {
      throw new IllegalArgumentException(what + " must be 1-200 characters");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(what + " has an unsafe character: " + part);
      }
    }
    if (part.contains("..")) {
      throw new IllegalArgumentException(what + " contains '..': " + part);
    }
  }

  /** Appends bytes (copied into the buffer; the caller keeps its array). */
  public void write(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("recording is closed: " + path);
    }
    while (len > 0) {
      int n = Math.min(len, buffer.remaining());
      buffer.put(buf, off, n);
      off += n;
      len -= n;
      size += n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
  }

  /** Hands everything buffered to the operating system; survives a crash of this process. */
  public void flush() throws IOException {
    if (!closed) {
      drain();
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } finally {
      buffer.clear();
    }
  }

  /**
   * Overwrites bytes already written at {@code position} (a WebM muxer's finalization of sizes,
   * duration and cues). Flushes first so the rewritten region is on disk; the file size does not
   * change unless the region extends past the end.
   */
  public void rewrite(long position, byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("recording is closed: " + path);
    }
    if (position < 0 || position + len > size) {
      throw new IOException("rewrite outside the written bytes: " + position + "+" + len);
    }
    drain();
    ByteBuffer region = ByteBuffer.wrap(buf, off, len);
    long at = position;
    while (region.hasRemaining()) {
      at += channel.write(region, at);
    }
  }

  /** Bytes written so far, flushed or not. */
  public long size() {
    return size;
  }

  public Path path() {
    return path;
  }

  /** Flushes, syncs to the device and closes; idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      drain();
      channel.force(true);
    } finally {
      closed = true;
      channel.close();
    }
  }
}
