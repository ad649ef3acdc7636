package io.roomrecorder.rtp.vp8;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.DepacketizerStats;
import io.roomrecorder.rtp.FrameDepacketizer;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;
import java.util.Arrays;

/**
 * RFC 7741 depacketizer: a frame begins with the packet whose descriptor has S=1 and PID=0 and ends
 * at the marker bit (§4.1, or when the timestamp changes). Payloads after the descriptors are
 * concatenated into the VP8 frame as RFC 6386 defines it, ready for WebM.
 *
 * <p>The first three bytes of the frame are the VP8 payload header (§4.3, RFC 6386 §9.1): its
 * inverse key frame bit P decides the keyframe flag; a key frame's start code 9d 01 2a and 14-bit
 * width and height with 2-bit scaling follow and are reported by {@link #width()}, {@link
 * #height()}, {@link #horizontalScale()}, {@link #verticalScale()}. A frame touched by a sequence
 * gap, begun without its first packet, or with a malformed descriptor is reported through {@link
 * FrameListener#onDamagedFrame} and never emitted; until the next key frame, frames carry {@link
 * FrameFlags#AFTER_DAMAGE}.
 *
 * <p><b>Thread-safety:</b> none; one instance per stream. <b>Ownership:</b> the frame buffer is
 * owned here, grows up to {@code maxFrameSize} and is lent to the listener during {@code onFrame}.
 */
public final class Vp8Depacketizer extends FrameDepacketizer {
  private final int maxFrameSize;
  private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
  private byte[] frame = new byte[64 * 1024];
  private int frameLen;

  private int pictureId = -1;
  private int tl0PicIdx = -1;
  private int temporalLayer = -1;
  private boolean nonReference;
  private int width;
  private int height;
  private int horizontalScale;
  private int verticalScale;
  private boolean sizeChanged;

  private long used;
  private long malformed;

  /** With a 16 MiB frame limit. */
  public Vp8Depacketizer(FrameListener listener) {
    this(listener, 16 << 20);
  }

  public Vp8Depacketizer(FrameListener listener, int maxFrameSize) {
    super(listener);
    if (maxFrameSize < 1024) {
      throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes");
    }
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  protected void startFrame() {
    frameLen = 0;
  }

  @Override
  protected void payload(RtpPacket p, boolean first, boolean gap) {
    byte[] b = p.buffer();
    int off = p.payloadOffset();
    int len = p.payloadLength();
    boolean ok = descriptor.parse(b, off, len);
    boolean start = ok && descriptor.startOfPartition && descriptor.partitionId == 0;
    if (first) {
      if (ok && !start) {
        damage(DamageReason.MISSING_START);
      }
    } else if (start) {
      damage(DamageReason.MALFORMED_PAYLOAD); // a second frame start at the same timestamp
    }
    if (gap) {
      damage(DamageReason.MISSING_PACKETS);
    }
    if (!ok) {
      malformed++;
      damage(DamageReason.MALFORMED_PAYLOAD);
    } else if (isDamaged()) {
      discarded++;
    } else {
      if (start) {
        pictureId = descriptor.pictureId;
        tl0PicIdx = descriptor.tl0PicIdx;
        temporalLayer = descriptor.temporalLayer;
        nonReference = descriptor.nonReference;
      }
      append(b, off + descriptor.length, len - descriptor.length);
    }
  }

  private void append(byte[] b, int off, int n) {
    if (frameLen + (long) n > maxFrameSize) {
      damage(DamageReason.TOO_LARGE);
      discarded++;
      return;
    }
    if (frameLen + n > frame.length) {
      frame =
          Arrays.copyOf(frame, Math.min(maxFrameSize, Math.max(frame.length * 2, frameLen + n)));
    }
    System.arraycopy(b, off, frame, frameLen, n);
    frameLen += n;
    used++;
  }

  @Override
  protected void endFrame(boolean byMarker) {
    if (!isDamaged() && frameLen < 3) {
      damage(DamageReason.MALFORMED_PAYLOAD); // not even a payload header
    }
    // RFC 6386 §9.1 frame tag: bit 0 of byte 0 is the inverse key frame flag.
    boolean key = !isDamaged() && (frame[0] & 0x01) == 0;
    if (key && !readKeyFrameHeader()) {
      damage(DamageReason.MALFORMED_PAYLOAD);
    }
    if (reportIfDamaged()) {
      return;
    }
    int flags = byMarker ? 0 : FrameFlags.NO_MARKER;
    if (key && sizeChanged) {
      flags |= FrameFlags.RESOLUTION_CHANGED;
    }
    deliver(frame, frameLen, key, flags);
  }

  /** RFC 6386 §9.1: start code 9d 01 2a, then 16-bit little-endian width and height words. */
  private boolean readKeyFrameHeader() {
    sizeChanged = false;
    if (frameLen < 10
        || (frame[3] & 0xFF) != 0x9d
        || (frame[4] & 0xFF) != 0x01
        || (frame[5] & 0xFF) != 0x2a) {
      return false;
    }
    int w = (frame[6] & 0xFF) | ((frame[7] & 0xFF) << 8);
    int h = (frame[8] & 0xFF) | ((frame[9] & 0xFF) << 8);
    int newWidth = w & 0x3FFF;
    int newHeight = h & 0x3FFF;
    if (newWidth == 0 || newHeight == 0) {
      return false;
    }
    sizeChanged = newWidth != width || newHeight != height;
    width = newWidth;
    height = newHeight;
    horizontalScale = w >>> 14;
    verticalScale = h >>> 14;
    return true;
  }

  /** Width in pixels from the latest key frame, 0 before one. */
  public int width() {
    return width;
  }

  /** Height in pixels from the latest key frame, 0 before one. */
  public int height() {
    return height;
  }

  /**
   * Horizontal upscaling code of the latest key frame (RFC 6386 §9.1: 0 none, 1 5/4, 2 5/3, 3 2).
   */
  public int horizontalScale() {
    return horizontalScale;
  }

  public int verticalScale() {
    return verticalScale;
  }

  /** PictureID of the frame just delivered, -1 if the sender sends none. */
  public int pictureId() {
    return pictureId;
  }

  /** TL0PICIDX of the frame just delivered, -1 if absent. */
  public int tl0PicIdx() {
    return tl0PicIdx;
  }

  /** Temporal layer (TID) of the frame just delivered, -1 if absent. */
  public int temporalLayer() {
    return temporalLayer;
  }

  /** N bit of the frame just delivered. */
  public boolean nonReference() {
    return nonReference;
  }

  @Override
  public DepacketizerStats stats() {
    return new DepacketizerStats(
        packets, used, malformed, 0, ignored, discarded, frames, keyframes, damagedFrames);
  }
}
