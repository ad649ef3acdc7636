package io.roomrecorder.datachannel.sctp;

/**
 * Writes one SCTP packet (RFC 9260 §3) into a caller's buffer: the common header, then chunks, each
 * padded to a multiple of 4 with zero bytes (§3.2), then the CRC32c. All offset arithmetic for
 * outbound packets lives here.
 *
 * <p>Not thread-safe. The buffer is borrowed from {@link #begin} until {@link #finish}.
 */
public final class PacketWriter {
  private byte[] buf;
  private int start;
  private int pos;
  private int limit;

  /** Starts a packet at {@code buf[off]} that may use at most {@code capacity} bytes. */
  public void begin(byte[] buf, int off, int capacity, int srcPort, int dstPort, int vtag) {
    if (capacity < SctpPacket.COMMON_HEADER_LENGTH + 4 || off + capacity > buf.length) {
      throw new IllegalArgumentException("packet buffer too small: " + capacity);
    }
    this.buf = buf;
    this.start = off;
    this.limit = off + capacity;
    Bytes.put16(buf, off, srcPort);
    Bytes.put16(buf, off + 2, dstPort);
    Bytes.put32(buf, off + 4, vtag);
    Bytes.put32(buf, off + 8, 0);
    this.pos = off + SctpPacket.COMMON_HEADER_LENGTH;
  }

  /** Bytes still free in this packet. */
  public int remaining() {
    return limit - pos;
  }

  /** True when only the common header has been written. */
  public boolean isEmpty() {
    return pos == start + SctpPacket.COMMON_HEADER_LENGTH;
  }

  /** Writes a chunk header with a placeholder length; returns the chunk start for endChunk. */
  public int beginChunk(int type, int flags) {
    int at = pos;
    ensure(4);
    buf[pos] = (byte) type;
    buf[pos + 1] = (byte) flags;
    pos += 4;
    return at;
  }

  /** Writes the chunk length (without padding) and pads to a multiple of 4. */
  public void endChunk(int chunkStart) {
    int len = pos - chunkStart;
    Bytes.put16(buf, chunkStart + 2, len);
    while ((pos & 3) != (start & 3)) {
      ensure(1);
      buf[pos++] = 0;
    }
  }

  /** Writes a whole pre-encoded chunk (header included, unpadded) and pads it. */
  public void putChunk(byte[] chunk) {
    int at = pos;
    putBytes(chunk, 0, chunk.length);
    endChunk(at);
  }

  public void put8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  public void put16(int v) {
    ensure(2);
    Bytes.put16(buf, pos, v);
    pos += 2;
  }

  public void put32(int v) {
    ensure(4);
    Bytes.put32(buf, pos, v);
    pos += 4;
  }

  public void putBytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  /** Seals the packet with its checksum and returns its length. */
  public int finish(Crc32c crc) {
    int len = pos - start;
    crc.seal(buf, start, len);
    return len;
  }

  /** Padded size of a chunk whose unpadded length is {@code len}. */
  public static int padded(int len) {
    return (len + 3) & ~3;
  }

  private void ensure(int n) {
    if (pos + n > limit) {
      throw new IllegalStateException("SCTP packet overflow: " + n + " bytes past the MTU");
    }
  }
}
