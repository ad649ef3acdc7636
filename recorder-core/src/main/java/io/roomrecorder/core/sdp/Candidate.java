package io.roomrecorder.core.sdp;

import java.util.Locale;

/**
 * An ICE candidate (RFC 8839 §5.1):
 *
 * <pre>
 * candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt;
 *           &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr &lt;a&gt;] [rport &lt;p&gt;] *(&lt;ext-name&gt; &lt;ext-value&gt;)
 * </pre>
 *
 * Addresses are kept as text: they may be mDNS names ({@code <uuid>.local}) that must not be
 * resolved here. The transport is lower-cased ({@code UDP} from GStreamer becomes {@code udp}).
 *
 * @param foundation 1–32 ice-chars
 * @param component 1–256 (1 = RTP; with rtcp-mux the only one)
 * @param transport {@code udp}, {@code tcp} …, lower case
 * @param priority unsigned 32-bit in a long
 * @param address IP literal or host name as written
 * @param port 0–65535 (TCP active candidates use 9)
 * @param type {@code host}, {@code srflx}, {@code prflx}, {@code relay}, lower case
 * @param relatedAddress {@code raddr}, or {@code null}
 * @param relatedPort {@code rport}, or -1
 * @param tcpType {@code tcptype} extension ({@code active}/{@code passive}/{@code so}), or {@code
 *     null}
 */
public record Candidate(
    String foundation,
    int component,
    String transport,
    long priority,
    String address,
    int port,
    String type,
    String relatedAddress,
    int relatedPort,
    String tcpType) {

  private static final int MAX_LENGTH = 1024;

  /**
   * Parses a candidate as sent in SDP or trickled: with or without an {@code a=} prefix and with or
   * without the {@code candidate:} prefix.
   *
   * @throws SdpParseException (line 0) naming the field that is wrong
   */
  public static Candidate parse(String text) throws SdpParseException {
    return parse(text, 0);
  }

  static Candidate parse(String text, int line) throws SdpParseException {
    if (text == null || text.length() > MAX_LENGTH) {
      throw new SdpParseException(line, "candidate missing or longer than " + MAX_LENGTH);
    }
    String s = text.trim();
    if (s.startsWith("a=")) {
      s = s.substring(2);
    }
    if (s.startsWith("candidate:")) {
      s = s.substring("candidate:".length());
    }
    String[] f = SdpParser.SPACES.split(s);
    if (f.length < 8 || !f[6].equalsIgnoreCase("typ")) {
      throw new SdpParseException(line, "candidate needs 8 fields ending in 'typ <type>'");
    }
    String foundation = f[0];
    if (foundation.isEmpty() || foundation.length() > 32) {
      throw new SdpParseException(line, "candidate foundation must be 1-32 characters");
    }
    int component = (int) SdpParser.parseUnsigned(f[1], 256, line, "candidate component");
    if (component < 1) {
      throw new SdpParseException(line, "candidate component must be 1-256");
    }
    String transport = f[2].toLowerCase(Locale.ROOT);
    long priority = SdpParser.parseUnsigned(f[3], 0xFFFFFFFFL, line, "candidate priority");
    String address = f[4];
    if (address.isEmpty() || address.length() > 255) {
      throw new SdpParseException(line, "candidate address must be 1-255 characters");
    }
    int port = (int) SdpParser.parseUnsigned(f[5], 65535, line, "candidate port");
    String type = f[7].toLowerCase(Locale.ROOT);
    String raddr = null;
    int rport = -1;
    String tcpType = null;
    for (int i = 8; i + 1 < f.length; i += 2) {
      switch (f[i]) {
        case "raddr" -> raddr = f[i + 1];
        case "rport" -> rport = (int) SdpParser.parseUnsigned(f[i + 1], 65535, line, "rport");
        case "tcptype" -> tcpType = f[i + 1].toLowerCase(Locale.ROOT);
        default -> {
          // RFC 8839 §5.1: unknown extensions (generation, ufrag, network-id, network-cost …)
          // are ignored.
        }
      }
    }
    return new Candidate(
        foundation, component, transport, priority, address, port, type, raddr, rport, tcpType);
  }

  /** The attribute value without {@code a=}: {@code candidate:1 1 udp 2130706431 … typ host}. */
  public String toSdpValue() {
    StringBuilder sb = new StringBuilder(96);
    sb.append("candidate:")
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
        .append(type);
    if (relatedAddress != null) {
      sb.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort >= 0) {
      sb.append(" rport ").append(relatedPort);
    }
    if (tcpType != null) {
      sb.append(" tcptype ").append(tcpType);
    }
    return sb.toString();
  }
}
