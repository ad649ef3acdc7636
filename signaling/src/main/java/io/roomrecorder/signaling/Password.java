package io.roomrecorder.signaling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A VDO.Ninja room/stream password together with its salt, and everything derived from them exactly
 * as the browser derives it (vdo-ninja.md §2): the 6-hex stream suffix, the 16-hex room hash and
 * the AES-256-CBC payload cipher.
 *
 * <p>Immutable and thread-safe. {@link #encrypt} and {@link #decrypt} create their own {@link
 * Cipher} per call.
 */
public final class Password {

  /**
   * The browser's and Raspberry Ninja's default password (§2.1, index.html {@code
   * defaultPassword}).
   */
  public static final String DEFAULT = "someEncryptionKey123";

  /** The salt used by vdo.ninja itself and by IP / localhost hosts (§2.2). */
  public static final String DEFAULT_SALT = "vdo.ninja";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final HexFormat HEX = HexFormat.of();
  private static final int BLOCK = 16;

  private final String value; // URI-encoded password, null when disabled
  private final String salt;
  private final SecretKeySpec key; // null when disabled
  private final String suffix;

  private Password(String value, String salt) {
    this.value = value;
    this.salt = salt;
    if (value == null) {
      this.key = null;
      this.suffix = "";
    } else {
      byte[] digest = sha256(value + salt);
      this.key = new SecretKeySpec(digest, "AES");
      this.suffix = hash(value + salt, 6);
    }
  }

  /**
   * Builds a password from what a user typed, with the CLI/URL semantics of §2.1: {@code null},
   * empty, {@code true}, {@code 1}, {@code on} → {@link #DEFAULT}; {@code false}, {@code 0}, {@code
   * off} → disabled (case-insensitive); anything else is trimmed and URI-encoded like the browser's
   * {@code sanitizePassword} ({@code encodeURIComponent}).
   *
   * @param userInput the password as typed, may be null
   * @param salt the salt (see {@link #saltForAppHost}); must not be null
   */
  public static Password of(String userInput, String salt) {
    if (salt == null) {
      throw new IllegalArgumentException("salt must not be null");
    }
    String trimmed = userInput == null ? "" : userInput.trim();
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "", "true", "1", "on":
        return new Password(DEFAULT, salt);
      case "false", "0", "off":
        return new Password(null, salt);
      default:
        return new Password(encodeUriComponent(trimmed), salt);
    }
  }

  /** The default password with the default salt: what a plain vdo.ninja link uses. */
  public static Password defaults() {
    return of(null, DEFAULT_SALT);
  }

  /** No password: no stream suffix, raw room names, no encryption (§2.5). */
  public static Password disabled() {
    return new Password(null, DEFAULT_SALT);
  }

  /**
   * The salt the browser derives from the hostname of the web app it runs on (§2.2, webrtc.js
   * init): {@code vdo.ninja} for vdo.ninja, steveseguin.github.io, IP literals and localhost; the
   * last two labels for the vdo.ninja / rtc.ninja / versus.cam / socialstream.ninja families; the
   * full hostname for every other host.
   */
  public static String saltForAppHost(String hostname) {
    if (hostname == null) {
      return DEFAULT_SALT;
    }
    String host = hostname.trim().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty()
        || host.equals("localhost")
        || host.equals("vdo.ninja")
        || host.equals("steveseguin.github.io")
        || IPV4.matcher(host).matches()
        || host.contains(":")
        || host.startsWith("[")) {
      return DEFAULT_SALT;
    }
    String[] labels = host.split("\\.");
    if (labels.length >= 2) {
      String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
      switch (lastTwo) {
        case "vdo.ninja", "rtc.ninja", "versus.cam", "socialstream.ninja":
          return lastTwo;
        default:
          break;
      }
    }
    return host;
  }

  /** Whether a password is in force (stream suffix, hashed room, encryption). */
  public boolean enabled() {
    return value != null;
  }

  /** The salt this password was built with. */
  public String salt() {
    return salt;
  }

  /**
   * The stream-ID suffix: the first 6 hex characters of SHA-256(password + salt), or {@code ""}
   * when disabled (§2.3).
   */
  public String streamSuffix() {
    return suffix;
  }

  /**
   * The room ID sent in {@code joinroom}: the first 16 hex characters of SHA-256(room + password +
   * salt), or the room name itself when disabled (§2.3). The room name is sanitized first ({@link
   * RoomNames#sanitize}).
   */
  public String roomId(String room) {
    String sanitized = RoomNames.sanitize(room);
    return value == null ? sanitized : hash(sanitized + value + salt, 16);
  }

  /**
   * {@code H(s, n)} of §2.3: SHA-256 over the UTF-8 bytes of {@code s}, the first {@code n}
   * lowercase hex characters ({@code n} even, at most 64).
   */
  public static String hash(String s, int hexChars) {
    if (hexChars < 0 || hexChars > 64 || hexChars % 2 != 0) {
      throw new IllegalArgumentException("hexChars must be even and in [0, 64]: " + hexChars);
    }
    return HEX.formatHex(sha256(s)).substring(0, hexChars);
  }

  /** A ciphertext and its IV, both lowercase hex, as they go into the message (§2.4). */
  public record Encrypted(String ciphertextHex, String vectorHex) {}

  /**
   * AES-256-CBC / PKCS#7 encryption of {@code plaintext} (UTF-8) with a fresh 16-byte IV drawn from
   * {@code random} (§2.4).
   *
   * @throws IllegalStateException when the password is disabled
   */
  public Encrypted encrypt(String plaintext, RandomGenerator random) {
    byte[] iv = new byte[BLOCK];
    random.nextBytes(iv);
    return encrypt(plaintext, iv);
  }

  /** As {@link #encrypt(String, RandomGenerator)} with a given IV (the spec's test vectors). */
  public Encrypted encrypt(String plaintext, byte[] iv) {
    if (key == null) {
      throw new IllegalStateException("encryption is disabled (no password)");
    }
    if (iv.length != BLOCK) {
      throw new IllegalArgumentException("IV must be 16 bytes, got " + iv.length);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      byte[] out = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return new Encrypted(HEX.formatHex(out), HEX.formatHex(iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CBC is not available in this JRE", e);
    }
  }

  /**
   * Decrypts a hex ciphertext with the hex IV from {@code vector}. Empty when the password is
   * disabled, the hex is malformed, the IV is not 16 bytes, the ciphertext is not whole blocks, or
   * the padding is wrong (the usual symptom of a different password or salt).
   */
  public Optional<String> decrypt(String ciphertextHex, String vectorHex) {
    if (key == null || ciphertextHex == null || vectorHex == null) {
      return Optional.empty();
    }
    byte[] iv = parseHex(vectorHex);
    byte[] data = parseHex(ciphertextHex);
    if (iv == null || iv.length != BLOCK || data == null || data.length == 0) {
      return Optional.empty();
    }
    if (data.length % BLOCK != 0) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
      return Optional.of(new String(cipher.doFinal(data), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] parseHex(String hex) {
    if (hex.length() % 2 != 0) {
      return null;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return null;
      }
    }
    return HEX.parseHex(hex);
  }

  /**
   * JavaScript's {@code encodeURIComponent}: UTF-8, every byte except {@code A-Z a-z 0-9 - _ . ! ~
   * * ' ( )} as {@code %XX} with uppercase hex.
   */
  public static String encodeUriComponent(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JRE", e);
    }
  }

  @Override
  public String toString() {
    return value == null
        ? "Password[disabled]"
        : "Password[suffix=" + suffix + ", salt=" + salt + "]";
  }
}
