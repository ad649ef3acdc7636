package io.roomrecorder.core.sdp;

/**
 * Upper bounds the parser enforces before it allocates, so that an offer of any size or shape costs
 * bounded memory and time. Defaults are far above what browsers and GStreamer send (a Chromium
 * audio+video+data offer is about 6 KiB with 3 m-lines and under 150 lines per m-line).
 *
 * @param maxBytes total characters of the SDP text
 * @param maxLineLength characters in one line
 * @param maxLines lines in the whole description
 * @param maxMediaSections m-lines
 * @param maxFormatsPerMedia payload types (or formats) on one m-line
 * @param maxCandidates {@code a=candidate} lines in the whole description
 * @param maxSsrcsPerMedia distinct SSRCs on one m-line
 */
public record SdpLimits(
    int maxBytes,
    int maxLineLength,
    int maxLines,
    int maxMediaSections,
    int maxFormatsPerMedia,
    int maxCandidates,
    int maxSsrcsPerMedia) {

  /** 256 KiB, 4 KiB lines, 8,192 lines, 64 m-lines, 64 formats, 256 candidates, 32 SSRCs. */
  public static final SdpLimits DEFAULT = new SdpLimits(256 * 1024, 4096, 8192, 64, 64, 256, 32);

  public SdpLimits {
    if (maxBytes <= 0
        || maxLineLength <= 0
        || maxLines <= 0
        || maxMediaSections <= 0
        || maxFormatsPerMedia <= 0
        || maxCandidates < 0
        || maxSsrcsPerMedia <= 0) {
      throw new IllegalArgumentException("SDP limits must be positive");
    }
  }
}
