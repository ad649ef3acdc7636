package io.roomrecorder.core.media;

/**
 * The few JSON pieces the health sidecar needs (RFC 8259), without a JSON library: recorder-core
 * keeps Jackson out (it lives in signaling only).
 */
final class Json {
  private Json() {}

  /** Appends {@code s} as a JSON string literal. */
  static StringBuilder string(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              out.append(String.format("\\u%04x", (int) c));
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends a number of seconds with millisecond precision. */
  static StringBuilder seconds(StringBuilder out, long ticks90k) {
    long ms = Math.floorDiv(ticks90k, 90);
    if (ms < 0) {
      // -0.1 s is "-0.100": sign, then the magnitude (floor division would print "-1.900").
      out.append('-');
      ms = -ms;
    }
    return out.append(ms / 1000).append('.').append(String.format("%03d", ms % 1000));
  }
}
