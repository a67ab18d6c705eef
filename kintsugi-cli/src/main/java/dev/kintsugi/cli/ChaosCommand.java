package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.chaos.ChaosRunner;
import dev.kintsugi.runtime.chaos.Experiment;
import dev.kintsugi.runtime.chaos.Experiments;
import dev.kintsugi.runtime.chaos.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kintsugi chaos run EXPERIMENT [--journal-path FILE] [--var KEY=VALUE ...]}: runs a chaos
 * experiment in the Chaos Toolkit format and writes its journal. Exit code 0 when it completed and
 * the steady state held, 1 when it deviated or failed, 2 for a bad file (a one-line reason naming
 * the field).
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = "Chaos experiments (Chaos Toolkit format) that measure how Kintsugi recovers.",
    subcommands = {ChaosCommand.Run.class})
final class ChaosCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run");
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Check the steady state, inject the method's faults, wait for Kintsugi's runbooks to"
            + " recover, check the steady state again, roll back, and write the journal with the"
            + " time to detect and the time to recover."
      })
  static final class Run implements Callable<Integer> {

    @Parameters(
        index = "0",
        paramLabel = "EXPERIMENT",
        description = "The experiment: a JSON or YAML file in the Chaos Toolkit format.")
    Path experiment;

    @Option(
        names = "--journal-path",
        paramLabel = "FILE",
        description = "Where the journal is written (default: ${DEFAULT-VALUE}).")
    Path journalPath = Path.of("journal.json");

    @Option(
        names = "--var",
        paramLabel = "KEY=VALUE",
        description = "Overrides a configuration value of the experiment (repeatable).")
    Map<String, String> vars = new LinkedHashMap<>();

    @Override
    public Integer call() {
      Experiment e;
      try {
        e = Experiments.read(experiment, vars, System.getenv());
      } catch (RuntimeConfigException x) {
        System.err.println("kintsugi: " + experiment + ": " + x.getMessage());
        return ExitCode.BAD_INPUT;
      }
      Journal journal = ChaosRunner.standard(System.out::println).run(e);
      try {
        journal.write(journalPath);
      } catch (IOException x) {
        System.err.println(
            "kintsugi: cannot write the journal " + journalPath + ": " + x.getMessage());
        return ExitCode.BAD_INPUT;
      }
      System.out.println(
          "journal: "
              + journalPath
              + "; status "
              + (journal.deviated() ? "deviated" : journal.status())
              + "; hypothesis held: "
              + journal.hypothesisHeld().map(String::valueOf).orElse("no hypothesis")
              + "; time to detect: "
              + seconds(journal.timeToDetect())
              + "; time to recover: "
              + seconds(journal.timeToRecover()));
      return journal.exitCode();
    }

    private static String seconds(Optional<Duration> d) {
      return d.map(x -> x.toMillis() / 1000.0 + " s").orElse("-");
    }
  }
}
