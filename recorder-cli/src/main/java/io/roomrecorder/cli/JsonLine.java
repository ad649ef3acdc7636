package io.roomrecorder.cli;

import java.util.List;

/**
 * Writes one JSON object (RFC 8259) on one line, for {@code --json} and {@code inspect --json}.
 * Hand-written because Jackson is confined to the signaling module. Strings are escaped so that any
 * Java string — quotes, backslashes, control characters, lone surrogates, U+2028/U+2029 — gives
 * valid JSON that fits on one line and is valid UTF-8 once encoded. Not thread-safe.
 */
final class JsonLine {
  private final StringBuilder sb = new StringBuilder(128).append('{');
  private boolean first = true;

  /** A new, empty object. */
  static JsonLine object() {
    return new JsonLine();
  }

  JsonLine put(String name, String value) {
    key(name);
    if (value == null) {
      sb.append("null");
    } else {
      quote(sb, value);
    }
    return this;
  }

  JsonLine put(String name, long value) {
    key(name).append(value);
    return this;
  }

  /** Non-finite numbers have no JSON form and are written as {@code null}. */
  JsonLine put(String name, double value) {
    key(name);
    if (Double.isFinite(value)) {
      sb.append(value);
    } else {
      sb.append("null");
    }
    return this;
  }

  JsonLine put(String name, boolean value) {
    key(name).append(value);
    return this;
  }

  /** A nested object. */
  JsonLine put(String name, JsonLine value) {
    key(name).append(value.toString());
    return this;
  }

  /** An array of nested objects. */
  JsonLine putObjects(String name, List<JsonLine> values) {
    key(name).append('[');
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(values.get(i).toString());
    }
    sb.append(']');
    return this;
  }

  /** An array of strings. */
  JsonLine putStrings(String name, List<String> values) {
    key(name).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      quote(sb, values.get(i));
    }
    sb.append(']');
    return this;
  }

  private StringBuilder key(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    quote(sb, name);
    return sb.append(':');
  }

  @Override
  public String toString() {
    return sb + "}";
  }

  /** Appends {@code s} as a JSON string literal (RFC 8259 §7). */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            unicodeEscape(out, c); // §7 requires < 0x20; the others break line-based readers
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i)); // a valid pair encodes to one UTF-8 sequence
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c); // a lone surrogate has no UTF-8 form; escaped it stays valid
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u");
    String hex = Integer.toHexString(c);
    for (int i = hex.length(); i < 4; i++) {
      out.append('0');
    }
    out.append(hex);
  }
}
