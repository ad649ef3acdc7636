package io.roomrecorder.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Ctrl+C and SIGTERM while recording (vdo-ninja.md §5.4 for publish.py's behaviour): the first
 * signal asks the session to stop, which finalizes every file and prints the summary; a second
 * signal exits at once with {@link Runtime#halt}, leaving files as they are (MPEG-TS stays readable
 * up to its last flush). Uses {@code sun.misc.Signal} (module jdk.unsupported) because a JVM that
 * is already running its shutdown hooks ignores further signals; when that API is missing, the
 * session's shutdown hook still finalizes the files on the first signal.
 */
final class Interrupts {
  private Interrupts() {}

  /**
   * Handles SIGINT (exit code 130) and SIGTERM (143).
   *
   * @param onFirst called once, on the signal-handling thread, with the exit code to use
   * @return whether the handlers are installed
   */
  @SuppressWarnings("removal")
  static boolean install(IntConsumer onFirst, PrintStream err) {
    AtomicInteger signals = new AtomicInteger();
    String[][] table = {{"INT", "" + ExitCode.INTERRUPTED}, {"TERM", "" + ExitCode.TERMINATED}};
    try {
      for (String[] entry : table) {
        int code = Integer.parseInt(entry[1]);
        sun.misc.Signal.handle(
            new sun.misc.Signal(entry[0]),
            signal -> {
              if (signals.incrementAndGet() == 1) {
                err.println();
                err.println(
                    "Stopping: finalizing files (press Ctrl+C again to exit at once, without"
                        + " finalizing)");
                err.flush();
                onFirst.accept(code);
              } else {
                err.println("Second interrupt: exiting now; files may not be finalized.");
                err.flush();
                Runtime.getRuntime().halt(code);
              }
            });
      }
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      return false; // e.g. -Xrs, or a JVM without jdk.unsupported: the shutdown hook remains
    }
  }
}
