package io.roomrecorder.datachannel.sctp;

/**
 * A view of one chunk (RFC 9260 §3.2) inside a packet buffer. Offsets passed to the accessors count
 * from the first byte of the chunk header, so they match the field offsets drawn in the RFCs. Every
 * accessor checks the chunk's declared length and throws {@link MalformedChunkException}, which the
 * association catches, counts and turns into a dropped packet: it never leaves this package's
 * callers.
 *
 * <p>Not thread-safe; borrows the packet buffer until the next {@link SctpPacket#nextChunk}.
 */
public final class ChunkView {
  private byte[] buf;
  private int start;
  private int length;

  void set(byte[] buf, int start, int length) {
    this.buf = buf;
    this.start = start;
    this.length = length;
  }

  public int type() {
    return buf[start] & 0xFF;
  }

  public int flags() {
    return buf[start + 1] & 0xFF;
  }

  /** The declared chunk length, header included, padding excluded. */
  public int length() {
    return length;
  }

  public int u8(int at) {
    check(at, 1);
    return buf[start + at] & 0xFF;
  }

  public int u16(int at) {
    check(at, 2);
    return (buf[start + at] & 0xFF) << 8 | (buf[start + at + 1] & 0xFF);
  }

  public int u32(int at) {
    check(at, 4);
    return Bytes.u32(buf, start + at);
  }

  /** Copies {@code n} bytes starting at chunk offset {@code at}. */
  public byte[] copy(int at, int n) {
    check(at, n);
    byte[] out = new byte[n];
    System.arraycopy(buf, start + at, out, 0, n);
    return out;
  }

  /** Copies {@code n} bytes starting at chunk offset {@code at} into {@code dst[dstOff]}. */
  public void copyTo(int at, int n, byte[] dst, int dstOff) {
    check(at, n);
    System.arraycopy(buf, start + at, dst, dstOff, n);
  }

  /**
   * The packet buffer this view reads, and the absolute index of chunk offset {@code at} after
   * checking that {@code n} bytes fit: for handing a payload on without an intermediate copy. The
   * buffer is borrowed: callers copy what they keep.
   */
  public byte[] array() {
    return buf;
  }

  public int arrayOffset(int at, int n) {
    check(at, n);
    return start + at;
  }

  /** Copies the whole chunk (header included, no padding). */
  public byte[] copyChunk() {
    return copy(0, length);
  }

  /**
   * Moves {@code param} to the TLV parameter (RFC 9260 §3.2.1) at chunk offset {@code at}. Returns
   * the offset of the following parameter (length rounded up to 4), or -1 when {@code at} is the
   * end of the chunk. Throws {@link MalformedChunkException} for a cut or impossible parameter.
   */
  public int parameter(int at, ParameterView param) {
    if (at >= length) {
      return -1;
    }
    int type = u16(at);
    int len = u16(at + 2);
    if (len < 4 || at + len > length) {
      throw new MalformedChunkException("parameter " + type + " length " + len);
    }
    param.set(this, type, at, len);
    return at + ((len + 3) & ~3);
  }

  private void check(int at, int n) {
    if (at < 0 || n < 0 || at + n > length) {
      throw new MalformedChunkException(
          "chunk type " + type() + ": field at " + at + "+" + n + " past length " + length);
    }
  }

  /** A TLV parameter inside a chunk; offsets passed to accessors count from the parameter start. */
  public static final class ParameterView {
    private ChunkView chunk;
    private int type;
    private int at;
    private int length;

    void set(ChunkView chunk, int type, int at, int length) {
      this.chunk = chunk;
      this.type = type;
      this.at = at;
      this.length = length;
    }

    public int type() {
      return type;
    }

    public int length() {
      return length;
    }

    /** Offset of this parameter inside its chunk. */
    public int offsetInChunk() {
      return at;
    }

    public int u16(int off) {
      checkInside(off, 2);
      return chunk.u16(at + off);
    }

    public int u32(int off) {
      checkInside(off, 4);
      return chunk.u32(at + off);
    }

    public int u8(int off) {
      checkInside(off, 1);
      return chunk.u8(at + off);
    }

    /** Copies the whole parameter, header included. */
    public byte[] copy() {
      return chunk.copy(at, length);
    }

    /** Copies the value (after the 4-byte header). */
    public byte[] copyValue() {
      return chunk.copy(at + 4, length - 4);
    }

    private void checkInside(int off, int n) {
      if (off < 0 || off + n > length) {
        throw new MalformedChunkException("parameter " + type + " field past its length");
      }
    }
  }
}
