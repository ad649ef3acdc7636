package io.roomrecorder.cli;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --password} and {@code --hostname} as publish.py reads them (vdo-ninja.md §2.1–2.2).
 * Stateless.
 */
final class PasswordFlags {
  /** The value {@link io.roomrecorder.api.RecorderConfig} takes as "encryption off". */
  static final String DISABLED = "false";

  private static final Set<String> DEFAULT_WORDS = Set.of("", "true", "1", "on");
  private static final Set<String> DISABLE_WORDS = Set.of("false", "0", "off");
  private static final Set<String> BRANDED_SALTS =
      Set.of("vdo.ninja", "rtc.ninja", "versus.cam", "socialstream.ninja");

  private PasswordFlags() {}

  /**
   * Normalizes a {@code --password} value (§2.1, case-insensitive): absent, bare, {@code true},
   * {@code 1} or {@code on} mean the default password ({@code null}: RecorderConfig's default);
   * {@code false}, {@code 0} or {@code off} disable encryption ({@link #DISABLED}); anything else
   * is the password, verbatim (not URI-encoded, like publish.py).
   */
  static String normalizePassword(String value) {
    if (value == null) {
      return null;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    if (DEFAULT_WORDS.contains(lower)) {
      return null;
    }
    if (DISABLE_WORDS.contains(lower)) {
      return DISABLED;
    }
    return value;
  }

  /**
   * The salt the VDO.Ninja web app uses when it is served from {@code hostname} (§2.2, browser
   * rule): {@code vdo.ninja} for vdo.ninja itself, IP literals and localhost; the last two labels
   * for the app's own domains; otherwise the full host name. publish.py takes the last two labels
   * for every host, which does not match a browser on a self-hosted subdomain; we follow the
   * browser, since the browser is the publisher being recorded.
   *
   * @throws IllegalArgumentException when {@code hostname} has no host
   */
  static String saltForHostname(String hostname) {
    String url = hostname.contains("://") ? hostname : "https://" + hostname;
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--hostname is not a URL: " + hostname, e);
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--hostname has no host name: " + hostname);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.equals("localhost")
        || host.startsWith("[")
        || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        || host.equals("steveseguin.github.io")) {
      return "vdo.ninja";
    }
    String[] labels = host.split("\\.");
    if (labels.length >= 2) {
      String lastTwo = labels[labels.length - 2] + "." + labels[labels.length - 1];
      if (BRANDED_SALTS.contains(lastTwo)) {
        return lastTwo;
      }
    }
    return host;
  }
}
