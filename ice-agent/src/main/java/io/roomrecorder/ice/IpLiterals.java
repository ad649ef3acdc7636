package io.roomrecorder.ice;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals without ever resolving a host name (no DNS, never blocks). */
final class IpLiterals {
  private IpLiterals() {}

  /** Returns the address for an IPv4 dotted quad or IPv6 literal, else {@code null}. */
  static InetAddress parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    if (text.indexOf(':') >= 0) {
      String body = text;
      if (body.startsWith("[") && body.endsWith("]")) {
        body = body.substring(1, body.length() - 1);
      }
      int percent = body.indexOf('%');
      String hexPart = percent < 0 ? body : body.substring(0, percent);
      for (int i = 0; i < hexPart.length(); i++) {
        char c = hexPart.charAt(i);
        boolean ok =
            (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == ':'
                || c == '.';
        if (!ok) {
          return null;
        }
      }
      try {
        // A string containing ':' is always treated as an IPv6 literal by InetAddress: no lookup.
        return InetAddress.getByName(body);
      } catch (UnknownHostException | SecurityException e) {
        return null;
      }
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      bytes[i] = (byte) v;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
