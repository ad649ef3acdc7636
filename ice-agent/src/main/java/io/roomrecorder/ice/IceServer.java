package io.roomrecorder.ice;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One STUN or TURN server, parsed from a URI (RFC 7064 {@code stun:}, RFC 7065 {@code turn:} /
 * {@code turns:}). Immutable.
 *
 * <p>Accepted forms: {@code stun:host[:port]}, {@code turn:host[:port][?transport=udp|tcp]}, {@code
 * turns:host[:port][?transport=tcp]}; host is a name, an IPv4 literal or {@code [IPv6]}.
 * Credentials are given separately or as {@code turn:user:password@host:port} (percent-encoded).
 * Default ports are 3478, and 5349 for {@code turns}.
 *
 * @param uri the URI as given, without credentials (safe to log)
 * @param kind STUN or TURN
 * @param host host name or literal (without brackets)
 * @param port server port
 * @param transport how the client reaches the server; the relay to the peer is always UDP
 * @param username TURN long-term credential user name, or {@code null}
 * @param password TURN long-term credential password, or {@code null}
 */
public record IceServer(
    String uri,
    Kind kind,
    String host,
    int port,
    Transport transport,
    String username,
    String password) {

  /** STUN (binding only) or TURN (relay). */
  public enum Kind {
    STUN,
    TURN
  }

  /** Transport between this client and the server. */
  public enum Transport {
    UDP,
    TCP,
    TLS;

    /** Lower-case name as in {@code a=candidate ... relay-protocol} and browser stats. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public IceServer {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(transport, "transport");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port in " + uri);
    }
    if (kind == Kind.TURN && (username == null || password == null)) {
      throw new IllegalArgumentException("TURN server needs a user name and password: " + uri);
    }
  }

  /** Parses a URI; credentials, if any, must be in it (TURN needs them). */
  public static IceServer parse(String uri) {
    return parse(uri, null, null);
  }

  /**
   * Parses a URI with separately given credentials (which win over credentials in the URI).
   *
   * @throws IllegalArgumentException with a message naming the problem
   */
  public static IceServer parse(String uri, String username, String password) {
    Objects.requireNonNull(uri, "uri");
    String s = uri.strip();
    int colon = s.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("no scheme in ICE server URI: " + redact(s));
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = s.substring(colon + 1);
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
    }
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int c = userInfo.indexOf(':');
      String u = decode(c < 0 ? userInfo : userInfo.substring(0, c));
      String p = c < 0 ? null : decode(userInfo.substring(c + 1));
      if (username == null) {
        username = u;
      }
      if (password == null) {
        password = p;
      }
    }
    Kind kind;
    boolean secure;
    switch (scheme) {
      case "stun":
        kind = Kind.STUN;
        secure = false;
        break;
      case "stuns":
        kind = Kind.STUN;
        secure = true;
        break;
      case "turn":
        kind = Kind.TURN;
        secure = false;
        break;
      case "turns":
        kind = Kind.TURN;
        secure = true;
        break;
      default:
        throw new IllegalArgumentException("unknown scheme " + scheme + " in " + redact(s));
    }
    String host;
    int port = secure ? 5349 : 3478;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed [ in " + redact(s));
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (after.startsWith(":")) {
        port = parsePort(after.substring(1), s);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("junk after host in " + redact(s));
      }
    } else {
      int c = rest.indexOf(':');
      host = c < 0 ? rest : rest.substring(0, c);
      if (c >= 0) {
        port = parsePort(rest.substring(c + 1), s);
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host in " + redact(s));
    }
    Transport transport = secure ? Transport.TLS : Transport.UDP;
    if (query != null) {
      String qs = query.toLowerCase(Locale.ROOT);
      if (!qs.startsWith("transport=")) {
        throw new IllegalArgumentException("unknown query in " + redact(s));
      }
      String t = qs.substring("transport=".length());
      if (t.equals("tcp")) {
        transport = secure ? Transport.TLS : Transport.TCP;
      } else if (t.equals("udp")) {
        if (secure) {
          throw new IllegalArgumentException(
              "turns/stuns over UDP (DTLS) is not supported: " + redact(s));
        }
        transport = Transport.UDP;
      } else {
        throw new IllegalArgumentException("unknown transport " + t + " in " + redact(s));
      }
    }
    if (kind == Kind.STUN && transport != Transport.UDP) {
      throw new IllegalArgumentException("only STUN over UDP is supported: " + redact(s));
    }
    String clean =
        scheme
            + ":"
            + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
            + ":"
            + port
            + (kind == Kind.TURN && !secure ? "?transport=" + transport.token() : "");
    return new IceServer(clean, kind, host, port, transport, username, password);
  }

  private static int parsePort(String p, String uri) {
    if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("bad port in " + redact(uri));
    }
    int v = Integer.parseInt(p);
    if (v < 1 || v > 65535) {
      throw new IllegalArgumentException("bad port in " + redact(uri));
    }
    return v;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Removes user info, so passwords never reach an exception message or a log. */
  private static String redact(String uri) {
    int at = uri.lastIndexOf('@');
    if (at < 0) {
      return uri;
    }
    int colon = uri.indexOf(':');
    return uri.substring(0, colon + 1) + "***@" + uri.substring(at + 1);
  }

  @Override
  public String toString() {
    return uri;
  }
}
