package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kintsugi}: the one executable. Sub-commands do the work. */
@Command(
    name = "kintsugi",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Self-healing for JVM software: from a failing test to a validated fix.",
    subcommands = {
      HealCommand.class,
      DemoCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      AuditCommand.class,
      DetectCommand.class,
      RolloutCommand.class,
      ChaosCommand.class
    })
public final class KintsugiCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command: heal, demo, server, worker, audit, detect, rollout or chaos");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line and returns the exit code (DESIGN.md: 0 ok, 1 not fixed, 2 bad input).
   */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new KintsugiCommand());
    cli.setParameterExceptionHandler(
        (ex, argv) -> {
          ex.getCommandLine().getErr().println("kintsugi: " + ex.getMessage());
          ex.getCommandLine().getErr().println("Try 'kintsugi --help'.");
          return ExitCode.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("kintsugi: " + ex.getMessage());
          return ExitCode.BAD_INPUT;
        });
    return cli.execute(args);
  }
}
