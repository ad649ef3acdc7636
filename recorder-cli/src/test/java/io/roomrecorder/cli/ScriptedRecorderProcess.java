package io.roomrecorder.cli;

import java.time.Clock;

/**
 * A real {@code room-recorder} process (logging set up, Ctrl+C handled) whose engine is the {@link
 * ScriptedEngine}, for the signal tests. {@code -Dhang=true} makes the engine's close hang.
 */
public final class ScriptedRecorderProcess {
  private ScriptedRecorderProcess() {}

  public static void main(String[] args) {
    ScriptedEngine.Script script = ScriptedEngine.Script.streams("cam1");
    script.hangOnClose = Boolean.getBoolean("hang");
    CliContext ctx =
        new CliContext(
            System.out,
            System.err,
            false,
            true,
            new ScriptedEngine.Factory(script),
            Clock.systemUTC());
    System.exit(Main.run(ctx, args));
  }
}
