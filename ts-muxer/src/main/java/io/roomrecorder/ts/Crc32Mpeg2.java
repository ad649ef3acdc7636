package io.roomrecorder.ts;

/**
 * CRC-32/MPEG-2 as used by every PSI section (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7,
 * initial value 0xFFFFFFFF, no bit reflection, no final XOR. A section including its trailing
 * CRC_32 field checks to zero. Check value ("123456789"): 0x0376E6E7.
 *
 * <p>Stateless and thread-safe; reads the given bytes and keeps no reference to them.
 */
public final class Crc32Mpeg2 {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32Mpeg2() {}

  /** CRC of {@code buf[off, off+len)}. */
  public static int compute(byte[] buf, int off, int len) {
    int crc = 0xFFFFFFFF;
    for (int i = off, end = off + len; i < end; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ buf[i]) & 0xFF];
    }
    return crc;
  }
}
