package io.roomrecorder.core.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint as carried in SDP {@code a=fingerprint} (RFC 8122 §5): a hash function
 * name from the IANA "Hash Function Textual Names" registry and the hash of the DER certificate.
 *
 * <p>Immutable and thread-safe. Only sha-1, sha-256, sha-384 and sha-512 are understood; RFC 8122
 * §5 forbids md2/md5 for new offers and we do not accept them.
 */
public final class Fingerprint {

  private static final int MAX_TEXT = 256;

  private final String algorithm;
  private final byte[] value;

  private Fingerprint(String algorithm, byte[] value) {
    this.algorithm = algorithm;
    this.value = value;
  }

  /**
   * Parses the value of an {@code a=fingerprint} attribute: {@code sha-256 AB:CD:...} (hash name
   * case-insensitive, hex digits either case).
   *
   * @throws IllegalArgumentException with the reason when the text is not a fingerprint we accept
   */
  public static Fingerprint parse(String sdpValue) {
    if (sdpValue == null || sdpValue.length() > MAX_TEXT) {
      throw new IllegalArgumentException("fingerprint missing or longer than " + MAX_TEXT);
    }
    String text = sdpValue.trim();
    int space = text.indexOf(' ');
    if (space <= 0) {
      throw new IllegalArgumentException("fingerprint without hash name: " + text);
    }
    String algorithm = text.substring(0, space).toLowerCase(Locale.ROOT);
    int expected = digestLength(algorithm);
    String hex = text.substring(space + 1).trim();
    String[] parts = hex.split(":", -1);
    if (parts.length != expected) {
      throw new IllegalArgumentException(
          algorithm + " fingerprint needs " + expected + " bytes, got " + parts.length);
    }
    byte[] value = new byte[expected];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.length() != 2
          || Character.digit(p.charAt(0), 16) < 0
          || Character.digit(p.charAt(1), 16) < 0) {
        throw new IllegalArgumentException(
            "fingerprint byte " + i + " is not two hex digits: " + p);
      }
      value[i] = (byte) Integer.parseInt(p, 16);
    }
    return new Fingerprint(algorithm, value);
  }

  /**
   * Whether {@code algorithm} (case-insensitive) is a hash we check: sha-1, sha-256, sha-384,
   * sha-512. RFC 8122 §5 allows several fingerprints with different hashes; callers skip the
   * others.
   */
  public static boolean isSupportedAlgorithm(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "sha-1", "sha-256", "sha-384", "sha-512" -> true;
      default -> false;
    };
  }

  /** The fingerprint of a DER-encoded certificate with the given hash name ({@code sha-256} …). */
  public static Fingerprint of(String algorithm, byte[] derCertificate) {
    String name = algorithm.toLowerCase(Locale.ROOT);
    digestLength(name);
    return new Fingerprint(name, digest(name, derCertificate));
  }

  /** Whether {@code derCertificate} hashes to this fingerprint (constant-time comparison). */
  public boolean matches(byte[] derCertificate) {
    return MessageDigest.isEqual(value, digest(algorithm, derCertificate));
  }

  /** The hash name as written in SDP, lower case ({@code sha-256}). */
  public String algorithm() {
    return algorithm;
  }

  /** A copy of the hash bytes. */
  public byte[] value() {
    return value.clone();
  }

  /** The attribute value, {@code sha-256 AB:CD:…} with upper-case hex as browsers write it. */
  public String toSdpValue() {
    StringBuilder sb = new StringBuilder(algorithm.length() + 1 + value.length * 3);
    sb.append(algorithm).append(' ');
    HexFormat hex = HexFormat.of().withUpperCase();
    for (int i = 0; i < value.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(hex.toHexDigits(value[i]));
    }
    return sb.toString();
  }

  private static int digestLength(String algorithm) {
    switch (algorithm) {
      case "sha-1":
        return 20;
      case "sha-256":
        return 32;
      case "sha-384":
        return 48;
      case "sha-512":
        return 64;
      default:
        throw new IllegalArgumentException("unsupported fingerprint hash: " + algorithm);
    }
  }

  private static byte[] digest(String algorithm, byte[] data) {
    String jca = "SHA-" + algorithm.substring(4); // sha-256 -> SHA-256, sha-1 -> SHA-1
    try {
      return MessageDigest.getInstance(jca).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without " + jca, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f
        && f.algorithm.equals(algorithm)
        && Arrays.equals(f.value, value);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return toSdpValue();
  }
}
