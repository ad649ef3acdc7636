package io.roomrecorder.testpeer.media;

/**
 * RFC 7741 §4 packetization of VP8 frames as browsers send them: each packet starts with a payload
 * descriptor carrying a 15-bit PictureID (X=1, I=1, M=1); the first packet of a frame has S=1 and
 * partition index 0, later ones S=0; the marker bit ends the frame (§4.1). Not thread-safe; reuses
 * one payload buffer.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      |I|L|T|K| RSV   | (OPTIONAL, X=1)
 *      |M| PictureID   | (OPTIONAL, I=1)
 *      |   PictureID   |
 * </pre>
 */
public final class Vp8Packetizer {
  static final int DESCRIPTOR_LENGTH = 4;

  private final int maxPayload;
  private final byte[] payload;
  private int pictureId;

  /**
   * @param maxPayload the largest RTP payload in bytes
   * @param firstPictureId the PictureID of the first frame (browsers start at a random one)
   */
  public Vp8Packetizer(int maxPayload, int firstPictureId) {
    if (maxPayload <= DESCRIPTOR_LENGTH + 1) {
      throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
    }
    this.maxPayload = maxPayload;
    this.payload = new byte[maxPayload];
    this.pictureId = firstPictureId & 0x7FFF;
  }

  /** Packetizes one frame; the marker bit is set on its last packet. */
  public void packetize(byte[] frame, H264Packetizer.PayloadSink sink) {
    int pos = 0;
    boolean first = true;
    int chunk = maxPayload - DESCRIPTOR_LENGTH;
    do {
      int len = Math.min(chunk, frame.length - pos);
      payload[0] = (byte) (0x80 | (first ? 0x10 : 0)); // X, S; partition index 0
      payload[1] = (byte) 0x80; // I: PictureID present
      payload[2] = (byte) (0x80 | (pictureId >>> 8)); // M: 15-bit PictureID
      payload[3] = (byte) pictureId;
      System.arraycopy(frame, pos, payload, DESCRIPTOR_LENGTH, len);
      pos += len;
      first = false;
      sink.payload(payload, 0, DESCRIPTOR_LENGTH + len, pos == frame.length);
    } while (pos < frame.length);
    pictureId = (pictureId + 1) & 0x7FFF;
  }
}
