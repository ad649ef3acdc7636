package io.roomrecorder.core.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One RTP payload type of an m-line with what {@code a=rtpmap}, {@code a=fmtp} and {@code
 * a=rtcp-fb} say about it (RFC 8866 §6.6, RFC 4585 §4.2). Immutable.
 *
 * @param payloadType 0–127
 * @param encodingName as written ({@code H264}, {@code opus}, {@code rtx} …); empty for a static
 *     payload type without {@code a=rtpmap}
 * @param clockRate Hz, 0 when unknown
 * @param channels audio channels, 1 when not given
 * @param fmtp the raw {@code a=fmtp} parameter text, empty when absent
 * @param rtcpFeedback {@code a=rtcp-fb} values for this payload type, including those of {@code
 *     a=rtcp-fb:*}
 */
public record PayloadFormat(
    int payloadType,
    String encodingName,
    int clockRate,
    int channels,
    String fmtp,
    List<String> rtcpFeedback) {

  public PayloadFormat {
    rtcpFeedback = List.copyOf(rtcpFeedback);
  }

  /**
   * Whether the encoding name equals {@code name}, ignoring case (RFC 4855 §3: case-insensitive).
   */
  public boolean is(String name) {
    return encodingName.equalsIgnoreCase(name);
  }

  /**
   * The fmtp parameters as a map with lower-case keys ({@code key=value;key2=value2}, RFC 4855 §3).
   * Parameters without {@code =} map to the empty string.
   */
  public Map<String, String> fmtpParameters() {
    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
    for (String part : fmtp.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        map.putIfAbsent(p.toLowerCase(Locale.ROOT), "");
      } else {
        map.putIfAbsent(
            p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
      }
    }
    return map;
  }
}
