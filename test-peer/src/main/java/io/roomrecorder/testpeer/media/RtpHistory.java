package io.roomrecorder.testpeer.media;

/**
 * The last sent RTP packets (unencrypted) of one SSRC, by sequence number, so a NACK (RFC 4585
 * §6.2.1) can be answered with a retransmission. A ring of fixed size; not thread-safe.
 */
public final class RtpHistory {
  private final byte[][] packets;
  private final int[] lengths;
  private final int[] sequences;

  /**
   * @param capacity packets kept (a browser keeps about one second of video)
   * @param maxPacketSize the largest packet stored
   */
  public RtpHistory(int capacity, int maxPacketSize) {
    packets = new byte[capacity][maxPacketSize];
    lengths = new int[capacity];
    sequences = new int[capacity];
    java.util.Arrays.fill(sequences, -1);
  }

  /** Copies a sent packet in. */
  public void store(int sequence, byte[] buf, int off, int len) {
    int slot = sequence % packets.length;
    System.arraycopy(buf, off, packets[slot], 0, len);
    lengths[slot] = len;
    sequences[slot] = sequence;
  }

  /**
   * Copies the packet with {@code sequence} into {@code out} and returns its length, or -1 when it
   * is no longer (or never was) in the history.
   */
  public int copy(int sequence, byte[] out, int off) {
    int slot = sequence % packets.length;
    if (sequences[slot] != sequence) {
      return -1;
    }
    System.arraycopy(packets[slot], 0, out, off, lengths[slot]);
    return lengths[slot];
  }
}
