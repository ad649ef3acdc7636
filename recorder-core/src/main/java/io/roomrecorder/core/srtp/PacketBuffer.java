package io.roomrecorder.core.srtp;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A mutable view ({@code buffer}, {@code offset}, {@code length}) over a byte array with spare room
 * after the packet, for jitsi-srtp's in-place transforms ({@link ByteArrayBuffer}, which jitsi
 * ships without an implementation).
 *
 * <p>Tail room matters: SRTP {@code transformPacket} with AES-GCM writes its 16-byte tag past the
 * payload without calling {@link #grow} and ignores cipher errors, so without room it returns OK
 * and leaves the packet unencrypted (library-notes §7). {@link #load} therefore always leaves at
 * least {@link #TAIL_ROOM} bytes free. HMAC tags ({@link #append}) and SRTCP grow as needed.
 *
 * <p>Not thread-safe. Whoever holds a PacketBuffer owns its array until it hands it back.
 */
public final class PacketBuffer implements ByteArrayBuffer {

  /** Bytes kept free after the packet: the largest SRTP/SRTCP trailer (GCM tag 16 + E|index 4). */
  public static final int TAIL_ROOM = 32;

  private byte[] buffer;
  private int offset;
  private int length;

  /** An empty buffer with room for {@code capacity} bytes. */
  public PacketBuffer(int capacity) {
    buffer = new byte[Math.max(capacity, TAIL_ROOM)];
  }

  /** Copies {@code src[off..off+len)} to the start of this buffer, growing it if needed. */
  public PacketBuffer load(byte[] src, int off, int len) {
    if (buffer.length < len + TAIL_ROOM) {
      buffer = new byte[len + TAIL_ROOM + 64];
    }
    System.arraycopy(src, off, buffer, 0, len);
    offset = 0;
    length = len;
    return this;
  }

  /** A copy of the current packet bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  /** Free bytes after the packet. */
  public int tailRoom() {
    return buffer.length - offset - length;
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int len) {
    if (len < 0 || offset + len > buffer.length) {
      throw new IllegalArgumentException("length " + len + " outside the buffer");
    }
    length = len;
  }

  @Override
  public void setOffset(int off) {
    if (off < 0 || off + length > buffer.length) {
      throw new IllegalArgumentException("offset " + off + " outside the buffer");
    }
    offset = off;
  }

  @Override
  public boolean isInvalid() {
    return length <= 0;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] out) {
    System.arraycopy(buffer, offset + off, out, 0, len);
  }

  /** Ensures {@code howMuch} free bytes after the packet (jitsi's contract: capacity only). */
  @Override
  public void grow(int howMuch) {
    if (howMuch < 0) {
      throw new IllegalArgumentException("grow by " + howMuch);
    }
    if (tailRoom() < howMuch) {
      buffer = Arrays.copyOf(buffer, offset + length + howMuch + TAIL_ROOM);
    }
  }

  @Override
  public void append(byte[] data, int len) {
    if (len <= 0) {
      return;
    }
    grow(len);
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    if (len <= 0) {
      return;
    }
    length = Math.max(0, length - len);
  }
}
