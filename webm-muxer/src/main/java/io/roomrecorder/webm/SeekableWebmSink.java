package io.roomrecorder.webm;

/**
 * A {@link WebmSink} that can overwrite bytes it already received: a file opened for random access,
 * or a byte array. With one, {@link WebmMuxer#close()} finalizes the file like a non-live muxer
 * would: it patches the Segment and Cluster sizes from "unknown" to their real sizes, writes the
 * Duration into the space reserved in Info, points the SeekHead at the Cues, and updates the video
 * track's pixel size (see {@link WebmMuxer} for the size policy). Every patch has exactly the
 * length of what it replaces, so the file never moves.
 *
 * <p>A file sink gets it almost for free: with a {@code FileChannel} opened for writing, {@code
 * rewrite} is {@code channel.write(ByteBuffer.wrap(buf, off, len), position)} after draining its
 * own buffer (positional writes do not move the append position). The muxer only calls it from
 * {@link WebmMuxer#close()}, after the last append; a killed process never reaches it, which is why
 * the file is valid without it.
 *
 * <p>Without this capability the file stays a live-style WebM: unknown sizes, no Duration, Cues
 * appended at the end but not referenced from the SeekHead. Players and ffmpeg read such files
 * fine; seeking is slower and the duration must be estimated.
 */
public interface SeekableWebmSink extends WebmSink {
  /**
   * Overwrites {@code len} bytes starting at {@code position} (counted from the first byte the
   * muxer wrote) with {@code buf[off, off + len)}. The range lies entirely within what was already
   * written; the sink's append position is unchanged. Borrows {@code buf} for the call only.
   */
  void rewrite(long position, byte[] buf, int off, int len);
}
