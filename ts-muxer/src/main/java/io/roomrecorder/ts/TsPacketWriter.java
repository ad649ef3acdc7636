package io.roomrecorder.ts;

/**
 * The transport-packet layer (ISO/IEC 13818-1 §2.4.3.2–§2.4.3.5): writes 188-byte packets with
 * header, adaptation field (PCR, random_access_indicator, stuffing) and a continuity counter per
 * PID into one output buffer, and hands full buffers to the {@link TsSink}. All offset arithmetic
 * of the TS header lives here.
 *
 * <pre>
 * transport_packet: sync_byte 0x47 | TEI(1) PUSI(1) priority(1) PID(13) |
 *                   scrambling(2) adaptation_field_control(2) continuity_counter(4) | ...
 * adaptation_field: length(8) | discontinuity(1) random_access(1) es_priority(1) PCR_flag(1)
 *                   OPCR_flag(1) splicing_point(1) private_data(1) extension(1) |
 *                   [PCR: base(33) reserved(6) extension(9)] | stuffing 0xFF...
 * </pre>
 *
 * Not thread-safe; owned by one {@link TsMuxer}.
 */
final class TsPacketWriter {
  static final int PACKET_SIZE = 188;
  static final int MAX_PAYLOAD = 184;
  static final int NO_PCR = -1;

  private final TsSink sink;
  private final byte[] out;
  private int pos;
  private final byte[] continuityCounter = new byte[8192];
  private long packets;

  TsPacketWriter(TsSink sink, int bufferPackets) {
    this.sink = sink;
    this.out = new byte[bufferPackets * PACKET_SIZE];
  }

  /** Largest payload of a packet carrying the given adaptation-field flags. */
  static int maxPayload(boolean randomAccess, boolean pcr) {
    if (!randomAccess && !pcr) {
      return MAX_PAYLOAD;
    }
    return MAX_PAYLOAD - 2 - (pcr ? 6 : 0); // length byte + flags byte [+ PCR]
  }

  /**
   * Begins one packet: writes its header and adaptation field into the output buffer and returns
   * the buffer offset where exactly {@code payloadLength} payload bytes must be put (by the caller,
   * into {@link #buffer()}) before the next call. Stuffing (§2.4.3.5) fills the adaptation field so
   * that the payload ends the packet; a packet without payload has adaptation_field_control '10'
   * and does not advance the continuity counter (§2.4.3.3).
   *
   * @param pcr27 the PCR in 27 MHz units (only its value modulo 2^33·300 is written), or {@link
   *     #NO_PCR}
   */
  int beginPacket(
      int pid, boolean payloadUnitStart, boolean randomAccess, long pcr27, int payloadLength) {
    boolean hasPcr = pcr27 != NO_PCR;
    if (payloadLength < 0 || payloadLength > maxPayload(randomAccess, hasPcr)) {
      throw new IllegalArgumentException("payload length " + payloadLength + " does not fit");
    }
    if (pos + PACKET_SIZE > out.length) {
      drain();
    }
    byte[] b = out;
    int p = pos;
    int cc = continuityCounter[pid] & 0x0F;
    if (payloadLength > 0) {
      cc = (cc + 1) & 0x0F;
      continuityCounter[pid] = (byte) cc;
    }
    boolean hasAdaptation = payloadLength < MAX_PAYLOAD || randomAccess || hasPcr;
    int afc = (hasAdaptation ? 0x20 : 0) | (payloadLength > 0 ? 0x10 : 0);
    b[p] = 0x47;
    b[p + 1] = (byte) ((payloadUnitStart ? 0x40 : 0) | (pid >> 8 & 0x1F));
    b[p + 2] = (byte) pid;
    b[p + 3] = (byte) (afc | cc);
    p += 4;
    if (hasAdaptation) {
      int adaptationLength = MAX_PAYLOAD - payloadLength - 1; // excludes its own length byte
      b[p++] = (byte) adaptationLength;
      if (adaptationLength > 0) {
        b[p++] = (byte) ((randomAccess ? 0x40 : 0) | (hasPcr ? 0x10 : 0));
        int fields = 1;
        if (hasPcr) {
          writePcr(b, p, pcr27);
          p += 6;
          fields += 6;
        }
        for (int end = p + adaptationLength - fields; p < end; p++) {
          b[p] = (byte) 0xFF;
        }
      }
    }
    pos += PACKET_SIZE;
    packets++;
    return p;
  }

  /**
   * PCR (§2.4.3.5): program_clock_reference_base (33 bits, 90 kHz) = PCR / 300 mod 2^33, 6 reserved
   * '1' bits, program_clock_reference_extension (9 bits) = PCR mod 300.
   */
  static void writePcr(byte[] b, int p, long pcr27) {
    long base = Math.floorMod(Math.floorDiv(pcr27, 300), 1L << 33);
    int ext = Math.floorMod(pcr27, 300);
    b[p] = (byte) (base >>> 25);
    b[p + 1] = (byte) (base >>> 17);
    b[p + 2] = (byte) (base >>> 9);
    b[p + 3] = (byte) (base >>> 1);
    b[p + 4] = (byte) ((base & 1) << 7 | 0x7E | (ext >> 8));
    b[p + 5] = (byte) ext;
  }

  /** Copies a complete prepared packet (a PSI template) and stamps this PID's next CC on it. */
  void writeTemplate(byte[] packet, int pid) {
    if (pos + PACKET_SIZE > out.length) {
      drain();
    }
    System.arraycopy(packet, 0, out, pos, PACKET_SIZE);
    int cc = (continuityCounter[pid] + 1) & 0x0F;
    continuityCounter[pid] = (byte) cc;
    out[pos + 3] = (byte) ((out[pos + 3] & 0xF0) | cc);
    pos += PACKET_SIZE;
    packets++;
  }

  byte[] buffer() {
    return out;
  }

  long packets() {
    return packets;
  }

  /** Hands every buffered packet to the sink. */
  void drain() {
    if (pos > 0) {
      int n = pos;
      pos = 0;
      sink.write(out, 0, n);
    }
  }
}
