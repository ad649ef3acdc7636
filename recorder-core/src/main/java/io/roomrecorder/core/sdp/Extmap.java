package io.roomrecorder.core.sdp;

/**
 * An {@code a=extmap} line (RFC 8285 §8): {@code a=extmap:<id>[/<direction>] <uri> [attributes]}.
 *
 * @param id 1–14 for one-byte headers, up to 255 with two-byte headers
 * @param direction the optional direction, or {@code null}
 * @param uri the extension URI
 */
public record Extmap(int id, Direction direction, String uri) {
  /** {@code http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time} */
  public static final String ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

  /** {@code urn:ietf:params:rtp-hdrext:sdes:mid} (RFC 8843 §15.2). */
  public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";

  /** The transport-wide congestion control sequence number extension. */
  public static final String TRANSPORT_WIDE_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
