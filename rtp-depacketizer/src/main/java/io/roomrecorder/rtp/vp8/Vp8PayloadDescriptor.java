package io.roomrecorder.rtp.vp8;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) at the start of each RTP payload. Reusable view:
 * {@link #parse} overwrites the fields; no allocation.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 *      |   PictureID   | (if M: 15-bit PictureID)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Thread-safety:</b> none.
 */
public final class Vp8PayloadDescriptor {
  /** N: the frame can be discarded without affecting others. */
  public boolean nonReference;

  /** S: this packet starts a VP8 partition. */
  public boolean startOfPartition;

  /** PID: partition index (0–7). */
  public int partitionId;

  /** PictureID (7 or 15 bits), or -1 when absent. */
  public int pictureId;

  /** True when the PictureID is the 15-bit form (M bit). */
  public boolean longPictureId;

  /** TL0PICIDX, or -1 when absent. */
  public int tl0PicIdx;

  /** TID, or -1 when absent. */
  public int temporalLayer;

  /** Y: layer sync (meaningful when {@link #temporalLayer} is present). */
  public boolean layerSync;

  /** KEYIDX, or -1 when absent. */
  public int keyIndex;

  /** Length of the descriptor in bytes; the VP8 payload follows. */
  public int length;

  /**
   * Parses the descriptor at {@code buf[off, off+len)}.
   *
   * @return false if the descriptor is truncated or leaves no VP8 payload; never throws
   */
  public boolean parse(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
      return false;
    }
    int b0 = buf[off] & 0xFF;
    nonReference = (b0 & 0x20) != 0;
    startOfPartition = (b0 & 0x10) != 0;
    partitionId = b0 & 0x07;
    pictureId = -1;
    longPictureId = false;
    tl0PicIdx = -1;
    temporalLayer = -1;
    layerSync = false;
    keyIndex = -1;
    int p = 1;
    if ((b0 & 0x80) != 0) {
      if (len < 2) {
        return false;
      }
      int x = buf[off + 1] & 0xFF;
      p = 2;
      if ((x & 0x80) != 0) { // I
        if (len < p + 1) {
          return false;
        }
        int m = buf[off + p] & 0xFF;
        if ((m & 0x80) != 0) {
          if (len < p + 2) {
            return false;
          }
          pictureId = ((m & 0x7F) << 8) | (buf[off + p + 1] & 0xFF);
          longPictureId = true;
          p += 2;
        } else {
          pictureId = m;
          p += 1;
        }
      }
      if ((x & 0x40) != 0) { // L
        if (len < p + 1) {
          return false;
        }
        tl0PicIdx = buf[off + p] & 0xFF;
        p++;
      }
      if ((x & 0x30) != 0) { // T or K share one byte
        if (len < p + 1) {
          return false;
        }
        int t = buf[off + p] & 0xFF;
        if ((x & 0x20) != 0) {
          temporalLayer = t >>> 6;
          layerSync = (t & 0x20) != 0;
        }
        if ((x & 0x10) != 0) {
          keyIndex = t & 0x1F;
        }
        p++;
      }
    }
    length = p;
    return len > p; // RFC 7741 §4.3: a payload follows the descriptor
  }
}
