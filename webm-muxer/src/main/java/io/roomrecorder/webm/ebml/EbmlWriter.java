package io.roomrecorder.webm.ebml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes EBML elements (RFC 8794 §6: ID, data size, data). Master
 * elements are opened with {@link #startMaster} and closed with {@link #endMaster}, which writes
 * the size once the children are known, in the fewest octets. Positions returned by the methods are
 * offsets into this buffer, so a caller can remember where a placeholder went and patch it later.
 *
 * <p>Used for the header and the Cues (written once); the per-frame path of the muxer writes its
 * 13-octet SimpleBlock header with {@link Vint} directly. Not thread-safe. {@link #array()} exposes
 * the internal buffer without copying: it is valid until the next write.
 */
public final class EbmlWriter {
  private byte[] buf;
  private int len;

  public EbmlWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Octets of an element ID: IDs keep their VINT marker, so the magnitude gives the width. */
  public static int idWidth(int id) {
    if ((id & 0xFF00_0000) != 0) {
      return 4;
    } else if ((id & 0xFF_0000) != 0) {
      return 3;
    } else if ((id & 0xFF00) != 0) {
      return 2;
    }
    return 1;
  }

  /** Octets needed for an unsigned integer element's data (at least one, RFC 8794 §7.2). */
  public static int uintWidth(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned EBML integer cannot be negative: " + value);
    }
    int w = 1;
    while (w < 8 && (value >>> (8 * w)) != 0) {
      w++;
    }
    return w;
  }

  /** Writes {@code id} big-endian at {@code pos} of {@code dst}; returns the position after it. */
  public static int writeId(byte[] dst, int pos, int id) {
    int w = idWidth(id);
    for (int i = w - 1; i >= 0; i--) {
      dst[pos++] = (byte) (id >>> (8 * i));
    }
    return pos;
  }

  public int length() {
    return len;
  }

  /** The internal buffer (not a copy); bytes {@code [0, length())} are the written elements. */
  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public void reset() {
    len = 0;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  public EbmlWriter id(int id) {
    ensure(4);
    len = writeId(buf, len, id);
    return this;
  }

  public EbmlWriter size(long size) {
    ensure(8);
    len = Vint.write(buf, len, size, Vint.widthOf(size));
    return this;
  }

  /** An 8-octet unknown data size (RFC 8794 §6.2), patchable to a known size of the same width. */
  public EbmlWriter unknownSize() {
    ensure(8);
    len = Vint.writeUnknown(buf, len, 8);
    return this;
  }

  public EbmlWriter bytes(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
    return this;
  }

  /** An unsigned integer element in the fewest octets. */
  public EbmlWriter uint(int id, long value) {
    return uintFixed(id, value, uintWidth(value));
  }

  /**
   * An unsigned integer element with exactly {@code width} data octets, so it can be patched in
   * place later without moving anything.
   *
   * @return this writer; the data starts at {@code length() - width}
   */
  public EbmlWriter uintFixed(int id, long value, int width) {
    if (width < uintWidth(value) || width > 8) {
      throw new IllegalArgumentException(value + " does not fit " + width + " octets");
    }
    id(id).size(width);
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** A float element as an 8-octet IEEE 754 double (RFC 8794 §7.3). */
  public EbmlWriter float64(int id, double value) {
    id(id).size(8);
    ensure(8);
    long bits = Double.doubleToLongBits(value);
    for (int i = 7; i >= 0; i--) {
      buf[len++] = (byte) (bits >>> (8 * i));
    }
    return this;
  }

  /** A String (ASCII) or UTF-8 element. */
  public EbmlWriter string(int id, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    return binary(id, b, 0, b.length);
  }

  public EbmlWriter binary(int id, byte[] data, int off, int n) {
    id(id).size(n);
    return bytes(data, off, n);
  }

  /**
   * A Void element (RFC 8794 §11.3.2) of exactly {@code totalOctets} octets including its header:
   * reserved room that a later rewrite replaces with a real element of the same total size.
   */
  public EbmlWriter voidElement(int totalOctets) {
    ensure(totalOctets);
    len = writeVoid(buf, len, totalOctets);
    return this;
  }

  /** Writes a Void of exactly {@code totalOctets} (at least 2) into {@code dst}. */
  public static int writeVoid(byte[] dst, int pos, int totalOctets) {
    if (totalOctets < 2) {
      throw new IllegalArgumentException("a Void element needs at least 2 octets: " + totalOctets);
    }
    // 1-octet ID, then a 1-octet size while it fits, otherwise an 8-octet size.
    int sizeWidth = totalOctets - 2 < 127 ? 1 : 8;
    int dataLen = totalOctets - 1 - sizeWidth;
    dst[pos++] = (byte) MatroskaId.VOID;
    pos = Vint.write(dst, pos, dataLen, sizeWidth);
    Arrays.fill(dst, pos, pos + dataLen, (byte) 0);
    return pos + dataLen;
  }

  /**
   * Opens a master element: writes its ID and reserves one octet for the size.
   *
   * @return a mark to hand to {@link #endMaster}
   */
  public int startMaster(int id) {
    id(id);
    ensure(1);
    return len++;
  }

  /**
   * Closes the master element opened at {@code mark}, writing its size in the fewest octets (moving
   * the children if the size needs more than the reserved octet).
   *
   * @return how many octets the children moved towards the end (0 when the size fits one octet):
   *     add it to any position remembered inside this master
   */
  public int endMaster(int mark) {
    int dataStart = mark + 1;
    int dataLen = len - dataStart;
    int w = Vint.widthOf(dataLen);
    if (w > 1) {
      ensure(w - 1);
      System.arraycopy(buf, dataStart, buf, dataStart + w - 1, dataLen);
      len += w - 1;
    }
    Vint.write(buf, mark, dataLen, w);
    return w - 1;
  }
}
