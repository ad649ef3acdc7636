package io.roomrecorder.ice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One ICE candidate as in an SDP {@code a=candidate} line (RFC 8839 §5.1). Immutable.
 *
 * <pre>
 * candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                       connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
 *                       *(SP cand-extension)
 * </pre>
 *
 * <p>{@link #parse} is strict about the grammar and limits, lenient about case ({@code UDP}, {@code
 * TYP}) and an optional {@code a=} prefix, and never resolves a host name.
 *
 * @param foundation 1–32 ice-chars
 * @param component component id, 1–256
 * @param transport lower-case transport token ({@code udp}, {@code tcp}, …)
 * @param priority 1–(2^31−1)
 * @param address connection address as written: an IP literal, or an FQDN (e.g. mDNS {@code
 *     .local})
 * @param port 0–65535
 * @param type candidate type
 * @param relatedAddress {@code raddr}, or {@code null}
 * @param relatedPort {@code rport}, or -1
 * @param extensions extension attributes in order ({@code generation}, {@code ufrag}, {@code
 *     tcptype}, {@code network-id}, …)
 */
public record IceCandidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    CandidateType type,
    String relatedAddress,
    int relatedPort,
    Map<String, String> extensions) {

  /** Longest candidate line {@link #parse} accepts; real lines are under 300 characters. */
  public static final int MAX_LINE_LENGTH = 1024;

  private static final int MAX_EXTENSIONS = 32;

  public IceCandidate {
    Objects.requireNonNull(foundation, "foundation");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(type, "type");
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** Result of {@link #parse}: a candidate or an error message, never both. */
  public record ParseResult(IceCandidate candidate, String error) {
    public boolean ok() {
      return candidate != null;
    }
  }

  /**
   * Parses a candidate line: {@code candidate:...}, optionally prefixed by {@code a=} and followed
   * by CR/LF. Never throws on bad input and never blocks.
   */
  public static ParseResult parse(String line) {
    if (line == null) {
      return err("null line");
    }
    if (line.length() > MAX_LINE_LENGTH) {
      return err("line longer than " + MAX_LINE_LENGTH);
    }
    String s = line.strip();
    if (s.startsWith("a=")) {
      s = s.substring(2);
    }
    if (s.length() < 10 || !s.regionMatches(true, 0, "candidate:", 0, 10)) {
      return err("does not start with candidate:");
    }
    String[] t = s.substring(10).split(" ", -1);
    if (t.length < 8) {
      return err("fewer than 8 fields");
    }
    String foundation = t[0];
    if (foundation.isEmpty() || foundation.length() > 32 || !isIceChars(foundation)) {
      return err("bad foundation");
    }
    long component = digits(t[1], 3);
    if (component < 1 || component > 256) {
      return err("bad component-id");
    }
    String transport = t[2];
    if (transport.isEmpty() || transport.length() > 32 || !isToken(transport)) {
      return err("bad transport");
    }
    long priority = digits(t[3], 10);
    if (priority < 1 || priority > 0x7FFF_FFFFL) {
      return err("bad priority");
    }
    String address = t[4];
    if (!isConnectionAddress(address)) {
      return err("bad connection-address");
    }
    long port = digits(t[5], 5);
    if (port < 0 || port > 65535) {
      return err("bad port");
    }
    if (!t[6].equalsIgnoreCase("typ")) {
      return err("missing typ");
    }
    CandidateType type = t[7].length() <= 16 ? CandidateType.fromSdpName(t[7]) : null;
    if (type == null) {
      return err("unknown candidate type");
    }
    int i = 8;
    String raddr = null;
    int rport = -1;
    if (i + 1 < t.length && t[i].equalsIgnoreCase("raddr")) {
      if (!isConnectionAddress(t[i + 1])) {
        return err("bad raddr");
      }
      raddr = t[i + 1];
      i += 2;
    }
    if (i + 1 < t.length && t[i].equalsIgnoreCase("rport")) {
      long rp = digits(t[i + 1], 5);
      if (rp < 0 || rp > 65535) {
        return err("bad rport");
      }
      rport = (int) rp;
      i += 2;
    }
    Map<String, String> ext = new LinkedHashMap<>();
    if ((t.length - i) % 2 != 0) {
      return err("extension without a value");
    }
    for (; i < t.length; i += 2) {
      String name = t[i];
      String value = t[i + 1];
      if (name.isEmpty()
          || name.length() > 64
          || !isToken(name)
          || value.isEmpty()
          || value.length() > 256
          || !isByteString(value)) {
        return err("bad extension");
      }
      if (ext.size() >= MAX_EXTENSIONS) {
        return err("too many extensions");
      }
      ext.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
    }
    return new ParseResult(
        new IceCandidate(
            foundation,
            (int) component,
            transport.toLowerCase(Locale.ROOT),
            priority,
            address,
            (int) port,
            type,
            raddr,
            rport,
            ext),
        null);
  }

  /** The attribute value, {@code candidate:...}, without {@code a=} and without a line end. */
  public String toSdp() {
    StringBuilder b = new StringBuilder(128);
    b.append("candidate:")
        .append(foundation)
        .append(' ')
        .append(component)
        .append(' ')
        .append(transport)
        .append(' ')
        .append(priority)
        .append(' ')
        .append(address)
        .append(' ')
        .append(port)
        .append(" typ ")
        .append(type.sdpName());
    if (relatedAddress != null) {
      b.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort >= 0) {
      b.append(" rport ").append(relatedPort);
    }
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      b.append(' ').append(e.getKey()).append(' ').append(e.getValue());
    }
    return b.toString();
  }

  /** The value of an extension attribute, or {@code null}. */
  public String extension(String name) {
    return extensions.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return toSdp();
  }

  private static ParseResult err(String message) {
    return new ParseResult(null, message);
  }

  /** Parses 1..maxDigits ASCII digits, or returns -1. */
  private static long digits(String s, int maxDigits) {
    if (s.isEmpty() || s.length() > maxDigits) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1). */
  private static boolean isIceChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** token (RFC 8866 §9): visible ASCII except separators. */
  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** byte-string (RFC 8866 §9) restricted to visible ASCII, which is all real extensions use. */
  private static boolean isByteString(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** IPv4, IPv6 (hex, ':', '.', '%' zone) or FQDN characters; at most 255 characters. */
  private static boolean isConnectionAddress(String s) {
    if (s.isEmpty() || s.length() > 255) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == ':'
              || c == '%'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
