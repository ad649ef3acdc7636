package io.roomrecorder.webm.codec;

/**
 * The uncompressed VP8 frame header (RFC 6386 §9.1), read from a view over a byte array.
 *
 * <pre>
 *   frame tag, 3 octets little-endian:
 *     bit 0      key_frame (0 = key frame, 1 = interframe)
 *     bits 1-3   version (0..3; libvpx rejects others)
 *     bit 4      show_frame
 *     bits 5-23  first_part_size (19 bits): octets of the first partition
 *   key frames only, 7 more octets:
 *     0x9d 0x01 0x2a                   start code
 *     16 bits LE: width  (14 bits) | horizontal_scale (2 bits)
 *     16 bits LE: height (14 bits) | vertical_scale (2 bits)
 * </pre>
 *
 * The scale bits are an upscaling hint for display; the coded size, which is what a decoder outputs
 * and what Matroska's PixelWidth/PixelHeight describe, is the 14-bit value.
 *
 * <p>A mutable holder so that the muxer parses each frame without allocating: one instance per
 * muxer, not thread-safe. {@link #parse} only reads the array during the call.
 */
public final class Vp8FrameHeader {
  /** Octets of an interframe's header (the frame tag). */
  public static final int INTERFRAME_HEADER_LENGTH = 3;

  /** Octets of a key frame's header (frame tag, start code, size). */
  public static final int KEYFRAME_HEADER_LENGTH = 10;

  private boolean keyframe;
  private boolean showFrame;
  private int version;
  private int firstPartitionSize;
  private int width;
  private int height;

  /**
   * Parses the header of the frame in {@code [off, off + len)}.
   *
   * @return false if the frame is too short for its header, has a version above 3, a key frame
   *     without the start code or with a zero size, or a first partition longer than the frame; the
   *     fields are then unspecified
   */
  public boolean parse(byte[] buf, int off, int len) {
    if (len < INTERFRAME_HEADER_LENGTH) {
      return false;
    }
    int tag = (buf[off] & 0xFF) | (buf[off + 1] & 0xFF) << 8 | (buf[off + 2] & 0xFF) << 16;
    keyframe = (tag & 1) == 0;
    version = (tag >>> 1) & 7;
    showFrame = ((tag >>> 4) & 1) == 1;
    firstPartitionSize = tag >>> 5;
    if (version > 3) {
      return false;
    }
    if (!keyframe) {
      width = 0;
      height = 0;
      return firstPartitionSize <= len - INTERFRAME_HEADER_LENGTH;
    }
    if (len < KEYFRAME_HEADER_LENGTH
        || (buf[off + 3] & 0xFF) != 0x9d
        || (buf[off + 4] & 0xFF) != 0x01
        || (buf[off + 5] & 0xFF) != 0x2a) {
      return false;
    }
    width = ((buf[off + 6] & 0xFF) | (buf[off + 7] & 0xFF) << 8) & 0x3FFF;
    height = ((buf[off + 8] & 0xFF) | (buf[off + 9] & 0xFF) << 8) & 0x3FFF;
    return width > 0 && height > 0 && firstPartitionSize <= len - KEYFRAME_HEADER_LENGTH;
  }

  public boolean keyframe() {
    return keyframe;
  }

  public boolean showFrame() {
    return showFrame;
  }

  public int version() {
    return version;
  }

  public int firstPartitionSize() {
    return firstPartitionSize;
  }

  /** Coded width in pixels (key frames only; 0 for interframes). */
  public int width() {
    return width;
  }

  /** Coded height in pixels (key frames only; 0 for interframes). */
  public int height() {
    return height;
  }
}
