package io.roomrecorder.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;

/** {@link CliContext}s for tests: never the real process (no logging setup, no signal handlers). */
final class TestContexts {
  private TestContexts() {}

  static CliContext quiet() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return new CliContext(
        nowhere, nowhere, false, false, null, Clock.fixed(ScriptedEngine.T0, ZoneOffset.UTC));
  }
}
