package io.roomrecorder.webm.ebml;

/**
 * Reads one EBML element header (RFC 8794 §6: Element ID, Element Data Size) from a view over a
 * byte array, never reading outside {@code [off, end)}. Used by checks and tests to walk files the
 * muxer wrote; every malformed or truncated input yields {@code null}, never an exception.
 *
 * <pre>
 *   +-------------------+----------------------+---------------------------+
 *   | Element ID (1..4) | Data Size (VINT 1..8)| Data (size octets, or up  |
 *   | VINT, marker kept | all ones = unknown   | to the parent's end)      |
 *   +-------------------+----------------------+---------------------------+
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class EbmlReader {
  private EbmlReader() {}

  /**
   * An element header: the ID (with its marker bits), the data size ({@link Vint#UNKNOWN} for an
   * unknown-size element) and the header's length in octets.
   */
  public record Header(int id, long dataSize, int headerLength) {
    public boolean unknownSize() {
      return dataSize == Vint.UNKNOWN;
    }
  }

  /**
   * Parses the header at {@code off}; returns {@code null} for a malformed ID (more than 4 octets,
   * EBMLMaxIDLength 4), a malformed size, or a header that runs past {@code end}.
   */
  public static Header readHeader(byte[] buf, int off, int end) {
    if (buf == null || off < 0 || end > buf.length || off >= end) {
      return null;
    }
    int idWidth = Vint.width(buf[off]);
    if (idWidth < 1 || idWidth > 4 || idWidth > end - off) {
      return null;
    }
    int id = 0;
    for (int i = 0; i < idWidth; i++) {
      id = (id << 8) | (buf[off + i] & 0xFF);
    }
    long idValue = Vint.readValue(buf, off, end);
    if (idValue == Vint.UNKNOWN || idValue == 0) {
      return null; // all-ones and all-zeros IDs are reserved (RFC 8794 §5)
    }
    long size = Vint.readValue(buf, off + idWidth, end);
    if (size == Vint.MALFORMED) {
      return null;
    }
    int sizeWidth = Vint.width(buf[off + idWidth]);
    return new Header(id, size, idWidth + sizeWidth);
  }
}
