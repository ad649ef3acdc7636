package io.roomrecorder.datachannel.sctp;

/**
 * A read-only view of one SCTP packet (RFC 9260 §3) inside a caller's {@code byte[]}, and a cursor
 * over its chunks. All offset arithmetic for inbound packets lives here and in {@link ChunkView}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Chunk Type   | Chunk Flags   |        Chunk Length           |  (repeated, each chunk
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   padded to 4 bytes)
 * </pre>
 *
 * <p>Over DTLS (RFC 8261 §5) there is no IP or UDP header: byte 0 of the DTLS application data is
 * the source port. Not thread-safe; the wrapped buffer is borrowed until the next {@link #wrap}.
 */
public final class SctpPacket {
  public static final int COMMON_HEADER_LENGTH = 12;
  public static final int CHECKSUM_OFFSET = 8;
  public static final int CHUNK_HEADER_LENGTH = 4;

  /** Result of {@link #nextChunk}. */
  public static final int END = 0;

  public static final int CHUNK = 1;
  public static final int MALFORMED = -1;

  private byte[] buf;
  private int off;
  private int end;
  private int next;

  /** Wraps {@code buf[off, off+len)}; false when shorter than the common header. */
  public boolean wrap(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < COMMON_HEADER_LENGTH || off + len > buf.length) {
      return false;
    }
    this.buf = buf;
    this.off = off;
    this.end = off + len;
    this.next = off + COMMON_HEADER_LENGTH;
    return true;
  }

  public int sourcePort() {
    return (buf[off] & 0xFF) << 8 | (buf[off + 1] & 0xFF);
  }

  public int destinationPort() {
    return (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
  }

  public int verificationTag() {
    return Bytes.u32(buf, off + 4);
  }

  public int length() {
    return end - off;
  }

  /** Restarts the chunk cursor at the first chunk. */
  public void rewind() {
    next = off + COMMON_HEADER_LENGTH;
  }

  /**
   * Moves {@code view} to the next chunk. Returns {@link #CHUNK}, {@link #END} when no bytes are
   * left, or {@link #MALFORMED} when the chunk header is cut or its length is below 4 or runs past
   * the packet (RFC 9260 §3.2: the length excludes padding; padding of the last chunk may be
   * absent).
   */
  public int nextChunk(ChunkView view) {
    if (next >= end) {
      return END;
    }
    if (end - next < CHUNK_HEADER_LENGTH) {
      return MALFORMED;
    }
    int declared = (buf[next + 2] & 0xFF) << 8 | (buf[next + 3] & 0xFF);
    if (declared < CHUNK_HEADER_LENGTH || declared > end - next) {
      return MALFORMED;
    }
    view.set(buf, next, declared);
    next += (declared + 3) & ~3;
    return CHUNK;
  }

  /** True when no chunk follows the one returned last. */
  public boolean atEnd() {
    return next >= end;
  }
}
