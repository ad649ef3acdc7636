package io.roomrecorder.testpeer.media;

import java.util.List;

/**
 * RFC 6184 packetization mode 1 (non-interleaved): a NAL unit that fits goes alone (§5.6), small
 * neighbours such as SPS and PPS are aggregated into STAP-A (§5.7.1), larger ones are fragmented
 * into FU-A (§5.8). Not thread-safe; reuses one payload buffer.
 */
public final class H264Packetizer {
  static final int STAP_A = 24;
  static final int FU_A = 28;

  private final int maxPayload;
  private final byte[] payload;

  /** Receives each RTP payload; the buffer is borrowed for the duration of the call. */
  public interface PayloadSink {
    void payload(byte[] buf, int off, int len, boolean marker);
  }

  /**
   * @param maxPayload the largest RTP payload in bytes (a browser uses about 1,200)
   */
  public H264Packetizer(int maxPayload) {
    if (maxPayload < 16) {
      throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
    }
    this.maxPayload = maxPayload;
    this.payload = new byte[maxPayload];
  }

  /** Packetizes one access unit; the marker bit is set on its last packet (§5.1). */
  public void packetize(AccessUnit au, PayloadSink sink) {
    List<byte[]> nals = au.nalUnits();
    int i = 0;
    while (i < nals.size()) {
      int aggregated = aggregatable(nals, i);
      if (aggregated >= 2) {
        int len = writeStapA(nals, i, aggregated);
        i += aggregated;
        sink.payload(payload, 0, len, i == nals.size());
        continue;
      }
      byte[] nal = nals.get(i);
      boolean last = ++i == nals.size();
      if (nal.length <= maxPayload) {
        System.arraycopy(nal, 0, payload, 0, nal.length);
        sink.payload(payload, 0, nal.length, last);
      } else {
        fragment(nal, last, sink);
      }
    }
  }

  /** How many NAL units from {@code from} fit in one STAP-A (1 header byte, 2 size bytes each). */
  private int aggregatable(List<byte[]> nals, int from) {
    int size = 1;
    int count = 0;
    for (int i = from; i < nals.size(); i++) {
      int next = size + 2 + nals.get(i).length;
      if (next > maxPayload) {
        break;
      }
      size = next;
      count++;
    }
    return count;
  }

  private int writeStapA(List<byte[]> nals, int from, int count) {
    int nri = 0;
    for (int i = from; i < from + count; i++) {
      nri = Math.max(nri, nals.get(i)[0] & 0x60);
    }
    payload[0] = (byte) (nri | STAP_A);
    int pos = 1;
    for (int i = from; i < from + count; i++) {
      byte[] nal = nals.get(i);
      payload[pos++] = (byte) (nal.length >>> 8);
      payload[pos++] = (byte) nal.length;
      System.arraycopy(nal, 0, payload, pos, nal.length);
      pos += nal.length;
    }
    return pos;
  }

  private void fragment(byte[] nal, boolean lastNal, PayloadSink sink) {
    byte indicator = (byte) ((nal[0] & 0xE0) | FU_A);
    int type = nal[0] & 0x1F;
    int pos = 1; // the NAL header is carried in the FU indicator and header
    int chunk = maxPayload - 2;
    while (pos < nal.length) {
      int len = Math.min(chunk, nal.length - pos);
      boolean start = pos == 1;
      boolean end = pos + len == nal.length;
      payload[0] = indicator;
      payload[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
      System.arraycopy(nal, pos, payload, 2, len);
      pos += len;
      sink.payload(payload, 0, len + 2, end && lastNal);
    }
  }
}
