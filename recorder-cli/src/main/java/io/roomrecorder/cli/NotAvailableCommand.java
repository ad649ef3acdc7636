package io.roomrecorder.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Commands of issue 10 that need the test publisher, which does not exist yet: they say so and exit
 * with {@link ExitCode#USAGE}. Their flags are not parsed.
 */
abstract class NotAvailableCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Unmatched java.util.List<String> ignored;

  NotAvailableCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  abstract String what();

  @Override
  public Integer call() {
    ctx.err()
        .println(
            "room-recorder "
                + what()
                + ": not available yet — it needs the test publisher, which is not written yet."
                + " See docs/user-guide.md.");
    return ExitCode.USAGE;
  }

  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = "NOT AVAILABLE YET: offline demo room on loopback (needs the test publisher).")
  static final class Demo extends NotAvailableCommand {
    Demo(CliContext ctx) {
      super(ctx);
    }

    @Override
    String what() {
      return "demo";
    }
  }

  @Command(
      name = "loadgen",
      mixinStandardHelpOptions = true,
      description =
          "NOT AVAILABLE YET: N test publishers for capacity tests (needs the test publisher).")
  static final class Loadgen extends NotAvailableCommand {
    Loadgen(CliContext ctx) {
      super(ctx);
    }

    @Override
    String what() {
      return "loadgen";
    }
  }
}
