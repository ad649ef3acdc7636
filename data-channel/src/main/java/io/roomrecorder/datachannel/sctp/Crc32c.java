package io.roomrecorder.datachannel.sctp;

import java.util.zip.CRC32C;

/**
 * The SCTP checksum (RFC 9260 §6.8 and Appendix B): CRC32c (Castagnoli, reflected polynomial
 * 0x82F63B78) over the whole packet with the checksum field taken as zero.
 *
 * <p>RFC 9260 Appendix B places the CRC in the packet so that its least significant byte comes
 * first: the 32-bit result is stored little-endian, unlike every other SCTP field.
 *
 * <p>Not thread-safe (holds one reusable {@link CRC32C}); one instance per association. Buffers are
 * borrowed for the duration of a call only.
 */
public final class Crc32c {
  private static final byte[] ZERO_CHECKSUM = new byte[4];
  private final CRC32C crc = new CRC32C();

  /** Plain CRC32c of a byte range (RFC 3720 §B.4 test vectors apply). */
  public int compute(byte[] buf, int off, int len) {
    crc.reset();
    crc.update(buf, off, len);
    return (int) crc.getValue();
  }

  /** CRC32c of an SCTP packet with its checksum field (bytes 8..11) counted as zero. */
  public int packetChecksum(byte[] buf, int off, int len) {
    crc.reset();
    crc.update(buf, off, SctpPacket.CHECKSUM_OFFSET);
    crc.update(ZERO_CHECKSUM, 0, 4);
    int rest = SctpPacket.COMMON_HEADER_LENGTH;
    crc.update(buf, off + rest, len - rest);
    return (int) crc.getValue();
  }

  /** Writes the checksum of the packet {@code buf[off, off+len)} into its common header. */
  public void seal(byte[] buf, int off, int len) {
    int c = packetChecksum(buf, off, len);
    int p = off + SctpPacket.CHECKSUM_OFFSET;
    buf[p] = (byte) c;
    buf[p + 1] = (byte) (c >>> 8);
    buf[p + 2] = (byte) (c >>> 16);
    buf[p + 3] = (byte) (c >>> 24);
  }

  /** True when the stored checksum matches; {@code len} must be at least the common header. */
  public boolean verify(byte[] buf, int off, int len) {
    int p = off + SctpPacket.CHECKSUM_OFFSET;
    int stored =
        (buf[p] & 0xFF)
            | (buf[p + 1] & 0xFF) << 8
            | (buf[p + 2] & 0xFF) << 16
            | (buf[p + 3] & 0xFF) << 24;
    return stored == packetChecksum(buf, off, len);
  }
}
