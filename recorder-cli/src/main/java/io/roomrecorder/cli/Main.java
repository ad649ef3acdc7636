package io.roomrecorder.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of {@code room-recorder}. The only place in the project that exits the JVM; every
 * command returns an {@link ExitCode}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // ice4j must never probe the cloud metadata address 169.254.169.254 (library-notes.md §2).
    if (System.getProperty("ice4j.harvest.mapping.aws.enabled") == null) {
      System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }
    if (System.getProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER") == null) {
      System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    }
    System.exit(run(CliContext.ofProcess(), args));
  }

  /**
   * Runs the command line in {@code ctx} without exiting.
   *
   * @return the exit code
   */
  static int run(CliContext ctx, String... args) {
    CommandLine cl = RecordCommand.commandLine(ctx);
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // A bug or an unexpected environment problem: one line, never a stack trace unless asked.
          ctx.err().println("room-recorder: " + RecordingSession.message(e));
          if (Boolean.getBoolean("roomrecorder.stacktraces")) {
            e.printStackTrace(ctx.err());
          }
          return ExitCode.FAILURE;
        });
    cl.setParameterExceptionHandler(
        (e, args2) -> {
          // A usage error: the message, a suggestion, and where to look; not the whole usage text.
          CommandLine failed = e.getCommandLine();
          ctx.err().println(failed.getCommandName() + ": " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, ctx.err());
          ctx.err()
              .println(
                  "Try '"
                      + failed.getCommandSpec().qualifiedName()
                      + " --help' for more information.");
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    // "record" is the default command; accept it spelled out too (room-recorder record --room …).
    String[] effective =
        args.length > 0 && args[0].equals("record")
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : args;
    return cl.execute(effective);
  }
}
