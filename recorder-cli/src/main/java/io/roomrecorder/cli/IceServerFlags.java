package io.roomrecorder.cli;

import io.roomrecorder.api.TurnServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --stun-server} and {@code --turn-server} in publish.py's GStreamer URL forms (vdo-ninja.md
 * §4.1), turned into the RFC 7064/7065 URLs RecorderConfig takes. Stateless.
 */
final class IceServerFlags {
  /**
   * Values of {@code --stun-server} that disable STUN (publish.py normalize_stun_server_option).
   */
  private static final Set<String> STUN_OFF = Set.of("false", "0", "off", "none", "null");

  private IceServerFlags() {}

  /**
   * {@code stun://host:port} (GStreamer), {@code stun:host:port} (RFC 7064) or {@code host:port}
   * become {@code [stun:host:port]}; {@code false}, {@code 0}, {@code off}, {@code none}, {@code
   * null} become an empty list (no STUN).
   *
   * @throws IllegalArgumentException when no host is given or the scheme is not stun/stuns
   */
  static List<String> stunServers(String value) {
    String v = value.trim();
    if (STUN_OFF.contains(v.toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    String scheme = "stun";
    String rest = v;
    int colon = v.indexOf(':');
    if (colon > 0 && v.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String candidate = v.substring(0, colon).toLowerCase(Locale.ROOT);
      boolean hostPort = v.substring(colon + 1).matches("\\d+(/.*)?");
      if (!hostPort) {
        if (!candidate.equals("stun") && !candidate.equals("stuns")) {
          throw new IllegalArgumentException(
              "--stun-server must be stun://host:port, stun:host:port or false: " + value);
        }
        scheme = candidate;
        rest = v.substring(colon + 1);
        if (rest.startsWith("//")) {
          rest = rest.substring(2);
        }
      }
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty() || rest.startsWith(":") || rest.contains("@") || rest.contains("/")) {
      throw new IllegalArgumentException("--stun-server has no usable host: " + value);
    }
    return List.of(scheme + ":" + rest);
  }

  /**
   * {@code turn(s)://user:pass@host:port[?transport=tcp]} (GStreamer form; user and password
   * percent-decoded) or {@code turn(s):host:port[?transport=…]} (RFC 7065). {@code user} and {@code
   * pass} from {@code --turn-user}/{@code --turn-pass} override what the URL carries.
   *
   * @throws IllegalArgumentException when the URL is not a TURN URL or has no host
   */
  static TurnServer turnServer(String url, String user, String pass) {
    String v = url.trim();
    int colon = v.indexOf(':');
    String scheme = colon < 0 ? "" : v.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("turn") && !scheme.equals("turns")) {
      throw new IllegalArgumentException(
          "--turn-server must be turn://user:pass@host:port or turns://…: " + url);
    }
    String rest = v.substring(colon + 1);
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    String urlUser = null;
    String urlPass = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int sep = userInfo.indexOf(':');
      urlUser = decode(sep < 0 ? userInfo : userInfo.substring(0, sep));
      urlPass = sep < 0 ? null : decode(userInfo.substring(sep + 1));
    }
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("?")) {
      throw new IllegalArgumentException("--turn-server has no host: " + url);
    }
    return new TurnServer(
        scheme + ":" + rest, user != null ? user : urlUser, pass != null ? pass : urlPass);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // not percent-encoded after all: take it verbatim
    }
  }
}
