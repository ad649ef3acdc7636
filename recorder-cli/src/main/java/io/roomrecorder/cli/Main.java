package io.roomrecorder.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code room-recorder}. The only place in the project that may exit the JVM. */
@Command(
    name = "room-recorder",
    mixinStandardHelpOptions = true,
    version = "room-recorder 0.1.0-SNAPSHOT",
    description = "Records every participant of a VDO.Ninja room to its own MPEG-TS file.",
    subcommands = {Main.Demo.class})
public final class Main implements Callable<Integer> {

  /** Exit code when the requested feature does not exist yet or is not supported. */
  static final int EXIT_UNSUPPORTED = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line without exiting, for tests. */
  static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public Integer call() {
    System.err.println("room-recorder: recording is not implemented yet; see README.md");
    return EXIT_UNSUPPORTED;
  }

  @Command(name = "demo", description = "Records an offline demo room on loopback.")
  static final class Demo implements Callable<Integer> {
    @Override
    public Integer call() {
      System.err.println("room-recorder demo: the offline demo does not exist yet");
      return EXIT_UNSUPPORTED;
    }
  }
}
