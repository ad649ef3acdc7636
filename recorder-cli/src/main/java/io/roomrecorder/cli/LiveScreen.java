package io.roomrecorder.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The terminal while recording: log lines scroll above a status table that is redrawn in place with
 * ANSI cursor movement (ECMA-48: CSI n A cursor up, CSI J erase to end of screen). Every write to
 * the terminal goes through here so the table's height stays known. Thread-safe (synchronized).
 */
final class LiveScreen {
  static final String CSI = "\u001b[";

  private final PrintStream out;
  private List<String> table = List.of();

  LiveScreen(PrintStream out) {
    this.out = out;
  }

  /** Prints a log line above the table. */
  synchronized void printAbove(String line) {
    erase();
    out.print(line.endsWith("\n") ? line : line + "\n");
    draw();
  }

  /** Replaces the table. */
  synchronized void showTable(List<String> lines) {
    erase();
    table = List.copyOf(lines);
    draw();
  }

  /** Removes the table (before the summary). */
  synchronized void clear() {
    erase();
    table = List.of();
    out.flush();
  }

  private void erase() {
    if (!table.isEmpty()) {
      out.print("\r" + CSI + table.size() + "A" + CSI + "J");
    }
  }

  private void draw() {
    for (String l : table) {
      out.print(l + "\n");
    }
    out.flush();
  }

  /** The terminal width from {@code COLUMNS}, else 120. */
  static int width() {
    try {
      String c = System.getenv("COLUMNS");
      int w = c == null ? 120 : Integer.parseInt(c.trim());
      return w >= 40 ? w : 120;
    } catch (NumberFormatException e) {
      return 120;
    }
  }
}
