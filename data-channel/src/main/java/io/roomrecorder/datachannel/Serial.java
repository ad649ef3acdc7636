package io.roomrecorder.datachannel;

/**
 * Widening of wrapping sequence numbers at the edge (RFC 1982 serial arithmetic): a 32-bit TSN or a
 * 16-bit SSN on the wire becomes the {@code long} nearest to a reference value we already hold, so
 * all later comparisons are plain {@code <} and {@code >}.
 */
final class Serial {
  private Serial() {}

  static long unwrap32(int wire, long reference) {
    long candidate = (reference & ~0xFFFF_FFFFL) | (wire & 0xFFFF_FFFFL);
    long diff = candidate - reference;
    if (diff > 0x8000_0000L) {
      candidate -= 0x1_0000_0000L;
    } else if (diff < -0x8000_0000L) {
      candidate += 0x1_0000_0000L;
    }
    return candidate;
  }

  static long unwrap16(int wire, long reference) {
    long candidate = (reference & ~0xFFFFL) | (wire & 0xFFFFL);
    long diff = candidate - reference;
    if (diff > 0x8000L) {
      candidate -= 0x1_0000L;
    } else if (diff < -0x8000L) {
      candidate += 0x1_0000L;
    }
    return candidate;
  }
}
