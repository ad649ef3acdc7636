package io.roomrecorder.signaling;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stream IDs: the browser's sanitizing and salting (vdo-ninja.md §2.3), de-salting for display,
 * filters and file names (§7.7), and a file-name-safe form for the recorder. Thread-safe.
 */
public final class StreamIds {

  /** The browser's {@code sendMsg} cuts a stream ID to 44 characters before appending the hash. */
  public static final int MAX_PLAIN_LENGTH = 44;

  /** Longest string {@link #fileNameSafe} returns. */
  public static final int MAX_FILE_NAME_LENGTH = 64;

  private static final Pattern NON_WORD_RUN = Pattern.compile("\\W+");
  private static final Set<String> WINDOWS_DEVICE_NAMES =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private StreamIds() {}

  /** lib.js ~L1489: trims and turns every run of non-word characters into {@code _}. */
  public static String sanitize(String streamId) {
    if (streamId == null) {
      return "";
    }
    return NON_WORD_RUN.matcher(streamId.trim()).replaceAll("_");
  }

  /**
   * The ID as it goes on the wire: cut to {@value #MAX_PLAIN_LENGTH} characters, then the
   * password's 6-hex suffix appended with no separator ({@code abc} → {@code abc808d64} with the
   * defaults).
   */
  public static String salt(String plainId, Password password) {
    String cut =
        plainId.length() > MAX_PLAIN_LENGTH ? plainId.substring(0, MAX_PLAIN_LENGTH) : plainId;
    return cut + password.streamSuffix();
  }

  /**
   * Strips the password's suffix when the ID ends with it (the browser's {@code desaltStreamID});
   * returns the ID unchanged otherwise (no password, or a peer with another password).
   */
  public static String desalt(String saltedId, Password password) {
    if (saltedId == null) {
      return null;
    }
    String suffix = password.streamSuffix();
    if (!suffix.isEmpty() && saltedId.length() > suffix.length() && saltedId.endsWith(suffix)) {
      return saltedId.substring(0, saltedId.length() - suffix.length());
    }
    return saltedId;
  }

  /**
   * A form of a (de-salted) stream ID that is safe as part of a file name on every platform: only
   * {@code [A-Za-z0-9_-]}, never empty, at most {@value #MAX_FILE_NAME_LENGTH} characters, never a
   * Windows device name. No path separator, {@code ..}, control character or NUL can survive. When
   * anything had to change, 8 hex characters of SHA-256 of the original are appended so that two
   * different hostile IDs do not collapse to one name.
   */
  public static String fileNameSafe(String streamId) {
    if (streamId == null || streamId.isEmpty()) {
      return "stream";
    }
    StringBuilder out = new StringBuilder(Math.min(streamId.length(), MAX_FILE_NAME_LENGTH));
    boolean changed = false;
    for (int i = 0; i < streamId.length() && out.length() < MAX_FILE_NAME_LENGTH; i++) {
      char c = streamId.charAt(i);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-') {
        out.append(c);
      } else {
        out.append('_');
        changed = true;
      }
    }
    if (streamId.length() > out.length()) {
      changed = true;
    }
    if (WINDOWS_DEVICE_NAMES.contains(out.toString().toLowerCase(Locale.ROOT))) {
      changed = true;
    }
    if (!changed) {
      return out.toString();
    }
    String tag = Password.hash(streamId, 8);
    int keep = Math.min(out.length(), MAX_FILE_NAME_LENGTH - 1 - tag.length());
    return out.substring(0, keep) + "_" + tag;
  }
}
