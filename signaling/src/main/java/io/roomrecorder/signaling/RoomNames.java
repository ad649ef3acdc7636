package io.roomrecorder.signaling;

import java.util.regex.Pattern;

/** Room names as the browser sanitizes them before hashing (vdo-ninja.md §2.3). Thread-safe. */
public final class RoomNames {

  /** lib.js {@code sanitizeRoomName}: the result is cut to 30 characters. */
  public static final int MAX_LENGTH = 30;

  private static final Pattern NON_WORD_RUN = Pattern.compile("\\W+");

  private RoomNames() {}

  /**
   * Trims, turns every run of non-word characters (anything but {@code [A-Za-z0-9_]}, as in
   * JavaScript's {@code \W}) into one {@code _}, and cuts to {@value #MAX_LENGTH} characters. Case
   * is preserved.
   */
  public static String sanitize(String room) {
    if (room == null) {
      return "";
    }
    String s = NON_WORD_RUN.matcher(room.trim()).replaceAll("_");
    return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
  }
}
