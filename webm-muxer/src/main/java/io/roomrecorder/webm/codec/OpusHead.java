package io.roomrecorder.webm.codec;

/**
 * The Opus identification header (RFC 7845 §5.1), which Matroska carries verbatim as the A_OPUS
 * track's CodecPrivate. Channel mapping family 0 only: mono or stereo, one stream, which is what
 * WebRTC sends (RFC 7587 §7: "opus/48000/2"). Stateless and thread-safe.
 *
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   |      'O'      |      'p'      |      'u'      |      's'      |
 *   |      'H'      |      'e'      |      'a'      |      'd'      |
 *   |  Version = 1  | Channel Count |           Pre-skip            |
 *   |                     Input Sample Rate (Hz)                    |
 *   |   Output Gain (Q7.8 in dB)    | Mapping Family|
 * </pre>
 *
 * Multi-octet fields are little-endian.
 */
public final class OpusHead {
  /** Length of an OpusHead with channel mapping family 0. */
  public static final int LENGTH = 19;

  private OpusHead() {}

  /**
   * Builds an OpusHead.
   *
   * @param channels 1 or 2 (mapping family 0)
   * @param preSkip samples at 48 kHz the decoder discards at the start (0..65535)
   * @param inputSampleRate the encoder's input rate in Hz, informational (RFC 7845 §5.1 item 5)
   */
  public static byte[] build(int channels, int preSkip, int inputSampleRate) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("mapping family 0 allows 1 or 2 channels: " + channels);
    }
    if (preSkip < 0 || preSkip > 0xFFFF) {
      throw new IllegalArgumentException("pre-skip is a 16-bit sample count: " + preSkip);
    }
    if (inputSampleRate < 0) {
      throw new IllegalArgumentException(
          "input sample rate cannot be negative: " + inputSampleRate);
    }
    byte[] h = new byte[LENGTH];
    byte[] magic = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};
    System.arraycopy(magic, 0, h, 0, magic.length);
    h[8] = 1; // version (RFC 7845 §5.1 item 2)
    h[9] = (byte) channels;
    h[10] = (byte) preSkip;
    h[11] = (byte) (preSkip >>> 8);
    h[12] = (byte) inputSampleRate;
    h[13] = (byte) (inputSampleRate >>> 8);
    h[14] = (byte) (inputSampleRate >>> 16);
    h[15] = (byte) (inputSampleRate >>> 24);
    // h[16..17] output gain 0 dB; h[18] mapping family 0
    return h;
  }
}
