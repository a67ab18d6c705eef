package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.rollout.LocalRollout;
import dev.kintsugi.runtime.rollout.RolloutConfig;
import dev.kintsugi.runtime.rollout.RolloutReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kintsugi rollout FILE [--report FILE]}: a local canary rollout (see {@link
 * RolloutConfig}). Prints each step and the decision; exit 0 promoted, 1 rolled back, 2 a bad file
 * (nothing started). Ctrl-C rolls back: the canary is stopped before the JVM exits.
 */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "Roll a new version out beside the running one: start the canary, send it a growing share"
          + " of the traffic through a weighted proxy, judge each step against the running"
          + " version, and promote it or roll it back.",
      "Exit 0 promoted, 1 rolled back, 2 bad file."
    })
final class RolloutCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The rollout (rollout.yml).")
  Path file;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Also write the report (steps, verdicts, numbers, decision time) as JSON.")
  Path report;

  @Option(
      names = "--hold",
      description =
          "After the decision, keep the proxy serving (to the canary if promoted, to the stable if"
              + " rolled back) until Ctrl-C.")
  boolean hold;

  @Override
  public Integer call() throws InterruptedException {
    RolloutConfig config;
    try {
      config = RolloutConfig.read(file);
    } catch (RuntimeConfigException e) {
      return bad(file + ": " + e.getMessage());
    }
    LocalRollout rollout;
    try {
      rollout = LocalRollout.open(config, System.out::println);
    } catch (IOException e) {
      return bad(e.getMessage());
    }
    Thread rollBack = new Thread(rollout::close, "kintsugi-rollout-stop");
    Runtime.getRuntime().addShutdownHook(rollBack);
    UntilInterrupted untilCtrlC = hold ? UntilInterrupted.install() : null;
    RolloutReport result;
    try (rollout) {
      System.out.println(
          "proxy listening on "
              + rollout.proxyUrl()
              + " (stable "
              + config.stable()
              + ", canary "
              + config.canary().url()
              + "); send the traffic there");
      result = rollout.run();
      write(result);
      if (untilCtrlC != null) {
        System.out.println(
            "holding: the proxy keeps serving on " + rollout.proxyUrl() + " until Ctrl-C");
        untilCtrlC.await();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(rollBack);
      } catch (IllegalStateException e) {
        // Ctrl-C: the JVM is stopping and the hook is running or has run.
      }
      if (untilCtrlC != null) {
        untilCtrlC.closed();
      }
    }
    return result.promoted() ? ExitCode.SUCCESS : ExitCode.NOT_FIXED;
  }

  private void write(RolloutReport result) {
    if (report != null) {
      try {
        Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("kintsugi: cannot write the report " + report + ": " + e.getMessage());
      }
    }
  }

  private static int bad(String message) {
    System.err.println("kintsugi: " + message);
    return ExitCode.BAD_INPUT;
  }
}
