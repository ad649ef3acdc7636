package io.roomrecorder.cli;

/**
 * The exit codes of {@code room-recorder}, as documented in {@code --help} and docs/user-guide.md.
 * Shell convention: 128 + signal number for a run ended by a signal.
 */
public final class ExitCode {
  /** The recording ran to its end (duration reached) or the command succeeded. */
  public static final int OK = 0;

  /**
   * A runtime failure: the recorder could not start, reported a recorder-wide error, or {@code
   * inspect} found problems in a file or could not read it.
   */
  public static final int FAILURE = 1;

  /** A usage error: unknown or malformed flag, or a publish.py flag we do not support. */
  public static final int USAGE = 2;

  /** Stopped by Ctrl+C (SIGINT): files were finalized and the summary printed. */
  public static final int INTERRUPTED = 130;

  /** Stopped by SIGTERM: files were finalized and the summary printed. */
  public static final int TERMINATED = 143;

  /** The text shown at the end of {@code --help}. */
  static final String HELP_FOOTER =
      "%nExit codes:%n"
          + "  0    finished normally (duration reached, command succeeded)%n"
          + "  1    runtime failure: could not start, or a recorder-wide error%n"
          + "  2    usage error or unsupported publish.py flag%n"
          + "  130  stopped with Ctrl+C: files finalized, summary printed%n"
          + "       (a second Ctrl+C exits at once, without finalizing)%n"
          + "  143  stopped with SIGTERM: files finalized, summary printed%n";

  private ExitCode() {}
}
