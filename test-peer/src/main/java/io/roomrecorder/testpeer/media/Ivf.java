package io.roomrecorder.testpeer.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frames of an IVF file (the simple container libvpx writes: a 32-byte "DKIF" header,
 * then per frame a 4-byte little-endian size, an 8-byte timestamp and the frame).
 */
public final class Ivf {
  private Ivf() {}

  /**
   * Returns the frames of {@code file}.
   *
   * @throws IllegalArgumentException when the file is not IVF or is truncated
   */
  public static List<byte[]> frames(byte[] file) {
    if (file.length < 32 || file[0] != 'D' || file[1] != 'K' || file[2] != 'I' || file[3] != 'F') {
      throw new IllegalArgumentException("not an IVF file");
    }
    int headerSize = le16(file, 6);
    List<byte[]> frames = new ArrayList<>();
    int pos = headerSize;
    while (pos < file.length) {
      if (pos + 12 > file.length) {
        throw new IllegalArgumentException("truncated IVF frame header at " + pos);
      }
      int size = le32(file, pos);
      if (size < 0 || pos + 12 + size > file.length) {
        throw new IllegalArgumentException("truncated IVF frame at " + pos);
      }
      byte[] frame = new byte[size];
      System.arraycopy(file, pos + 12, frame, 0, size);
      frames.add(frame);
      pos += 12 + size;
    }
    return frames;
  }

  /** RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame. */
  public static boolean isVp8Keyframe(byte[] frame) {
    return frame.length > 0 && (frame[0] & 0x01) == 0;
  }

  private static int le16(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  private static int le32(byte[] b, int off) {
    return (b[off] & 0xFF)
        | (b[off + 1] & 0xFF) << 8
        | (b[off + 2] & 0xFF) << 16
        | (b[off + 3] & 0xFF) << 24;
  }
}
