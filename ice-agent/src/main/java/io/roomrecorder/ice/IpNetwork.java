package io.roomrecorder.ice;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP network in CIDR notation ({@code 127.0.0.0/8}, {@code 10.0.0.0/8}, {@code fd00::/8}).
 * Immutable. Parsing only accepts address literals, so it never triggers a DNS lookup.
 */
public final class IpNetwork {
  private final byte[] prefix;
  private final int prefixLength;
  private final String text;

  private IpNetwork(byte[] prefix, int prefixLength, String text) {
    this.prefix = prefix;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code address/length} or a bare address (a /32 or /128 network).
   *
   * @throws IllegalArgumentException if not a literal address with a valid prefix length
   */
  public static IpNetwork parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    int slash = cidr.indexOf('/');
    String addressText = slash < 0 ? cidr : cidr.substring(0, slash);
    InetAddress address = IpLiterals.parse(addressText);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address literal: " + cidr);
    }
    byte[] bytes = address.getAddress();
    int length = bytes.length * 8;
    if (slash >= 0) {
      String lengthText = cidr.substring(slash + 1);
      if (lengthText.isEmpty()
          || lengthText.length() > 3
          || !lengthText.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("bad prefix length: " + cidr);
      }
      length = Integer.parseInt(lengthText);
      if (length > bytes.length * 8) {
        throw new IllegalArgumentException("prefix length too long: " + cidr);
      }
    }
    return new IpNetwork(bytes, length, address.getHostAddress() + "/" + length);
  }

  /** Whether {@code address} lies in this network (an IPv4 address never matches an IPv6 net). */
  public boolean contains(InetAddress address) {
    byte[] other = address.getAddress();
    if (other.length != prefix.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (other[i] != prefix[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (other[full] & mask) == (prefix[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && n.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
