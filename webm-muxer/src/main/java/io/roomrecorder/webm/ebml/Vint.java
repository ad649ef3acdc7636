package io.roomrecorder.webm.ebml;

/**
 * EBML variable-size integers (RFC 8794 §4): a run of leading zero bits gives the length (1 to 8
 * octets), a marker bit ends the run, and the remaining bits carry the value big-endian.
 *
 * <pre>
 *   1xxx xxxx                                  value 0 .. 2^7-2   (1 octet)
 *   01xx xxxx xxxx xxxx                        value 0 .. 2^14-2  (2 octets)
 *   ...
 *   0000 0001 xxxx xxxx ... (7 more octets)    value 0 .. 2^56-2  (8 octets)
 * </pre>
 *
 * <p>A value with all its bits set is reserved (RFC 8794 §6.2): as an element data size it means
 * "unknown size", which is how a live recording leaves its Segment and Clusters open. This class
 * therefore never encodes 2^(7w)-1 as a known value of width w. Stateless and thread-safe.
 */
public final class Vint {
  /** Largest width in octets (EBMLMaxSizeLength 8, RFC 8794 §11.2.5). */
  public static final int MAX_WIDTH = 8;

  /** Largest known value an 8-octet VINT can carry: 2^56 - 2. */
  public static final long MAX_VALUE = (1L << 56) - 2;

  /** Returned by {@link #readValue} for the reserved all-ones "unknown" value. */
  public static final long UNKNOWN = -1;

  /** Returned by {@link #readValue} and {@link #width(byte)} for malformed input. */
  public static final long MALFORMED = -2;

  private Vint() {}

  /** The fewest octets that carry {@code value} as a known size (never the all-ones pattern). */
  public static int widthOf(long value) {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException("EBML VINT out of range: " + value);
    }
    int w = 1;
    // value must be strictly below 2^(7w) - 1: all ones is reserved.
    while (value >= (1L << (7 * w)) - 1) {
      w++;
    }
    return w;
  }

  /**
   * Writes {@code value} as a VINT of exactly {@code width} octets (a wider than minimal encoding
   * is valid, RFC 8794 §4.4, and lets a placeholder be patched in place later).
   *
   * @return the position after the VINT
   */
  public static int write(byte[] buf, int pos, long value, int width) {
    if (width < 1 || width > MAX_WIDTH) {
      throw new IllegalArgumentException("VINT width must be 1..8: " + width);
    }
    if (value < 0 || value >= (1L << (7 * width)) - 1) {
      throw new IllegalArgumentException(
          "value " + value + " does not fit a " + width + "-octet VINT");
    }
    long encoded = value | (1L << (7 * width)); // the marker bit after width-1 zero bits
    for (int i = width - 1; i >= 0; i--) {
      buf[pos + i] = (byte) encoded;
      encoded >>>= 8;
    }
    return pos + width;
  }

  /** Writes the reserved all-ones value of the given width: an "unknown" element data size. */
  public static int writeUnknown(byte[] buf, int pos, int width) {
    if (width < 1 || width > MAX_WIDTH) {
      throw new IllegalArgumentException("VINT width must be 1..8: " + width);
    }
    long encoded = (1L << (7 * width + 1)) - 1; // the marker bit and 7*width value bits, all ones
    for (int i = width - 1; i >= 0; i--) {
      buf[pos + i] = (byte) encoded;
      encoded >>>= 8;
    }
    return pos + width;
  }

  /**
   * The width announced by a VINT's first octet, or {@link #MALFORMED} (as an int, -2) when the
   * octet is zero (more than 8 leading zeros, not allowed with EBMLMaxSizeLength 8).
   */
  public static int width(byte first) {
    int b = first & 0xFF;
    return b == 0 ? (int) MALFORMED : Integer.numberOfLeadingZeros(b) - 23;
  }

  /**
   * Reads the value of a VINT at {@code pos}, not reading at or past {@code end}.
   *
   * @return the value, {@link #UNKNOWN} for the reserved all-ones value, or {@link #MALFORMED} if
   *     the first octet is zero or the VINT runs past {@code end}
   */
  public static long readValue(byte[] buf, int pos, int end) {
    if (pos < 0 || pos >= end || end > buf.length) {
      return MALFORMED;
    }
    int width = width(buf[pos]);
    if (width < 0 || width > end - pos) {
      return MALFORMED;
    }
    long value = buf[pos] & 0xFF & (0xFF >>> width);
    for (int i = 1; i < width; i++) {
      value = (value << 8) | (buf[pos + i] & 0xFF);
    }
    return value == (1L << (7 * width)) - 1 ? UNKNOWN : value;
  }
}
