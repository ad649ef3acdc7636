package io.roomrecorder.cli;

import io.roomrecorder.api.RoomRecorder;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What a command runs against: its output streams, whether stdout is an interactive terminal,
 * whether it may reconfigure logging and install signal handlers (the real process) or not (tests),
 * and which recording engine {@code record} uses ({@code null}: the real one in recorder-core).
 * Immutable.
 *
 * @param out where results go (summary, JSON lines, status table)
 * @param err where errors and usage messages go
 * @param terminal whether {@code out} is an interactive terminal (enables the live status table)
 * @param process whether this is the real process: configures logback, installs Ctrl+C handling
 * @param engineFactory the recording engine, or {@code null} for recorder-core's
 * @param clock wall clock for summaries and JSON timestamps
 */
public record CliContext(
    PrintStream out,
    PrintStream err,
    boolean terminal,
    boolean process,
    RoomRecorder.EngineFactory engineFactory,
    Clock clock) {

  /** The real process: System.out/err, a terminal when {@link System#console()} says so. */
  static CliContext ofProcess() {
    return new CliContext(System.out, System.err, interactive(), true, null, Clock.systemUTC());
  }

  /**
   * Whether stdin and stdout are a terminal. On Java 17–21 {@link System#console()} is null
   * otherwise; from Java 22 it may exist when redirected, and {@code Console.isTerminal()} tells.
   */
  static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // before Java 22: a console exists only on a terminal
    }
  }
}
