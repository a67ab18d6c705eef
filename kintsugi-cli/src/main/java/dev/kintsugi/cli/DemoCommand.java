package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kintsugi demo}: the whole production loop on the bundled sample service. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole loop on the bundled sample service (examples/shop-service): a server on an "
          + "embedded database, the service with Kintsugi's agent, traffic that hits its planted "
          + "bugs, then a reproduction test and a fix branch for each incident.",
      "Exit 0 when every incident was fixed, 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--example",
      paramLabel = "DIR",
      description = "The sample service (default: examples/shop-service of this Kintsugi).")
  Path example;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the demo's repository, database and reports go (default: a new temp dir).")
  Path workDir;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "240",
      description = "How long to wait for the heals (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--only",
      paramLabel = "BUG",
      description = "Trigger only this planted bug (repeatable; default: all).")
  List<String> only = List.of();

  @Option(
      names = "--keep-open",
      description =
          "Keep the server (and its dashboard) and the service running after the heals, until"
              + " Ctrl-C.")
  boolean keepOpen;

  @Option(names = "--verbose", description = "Show each heal's progress.")
  boolean verbose;

  @Option(
      names = "--heal-concurrency",
      paramLabel = "N",
      description = "Incidents healed at once (default: two per core; 1 with --sequential).")
  Integer healConcurrency;

  @Option(
      names = "--sequential",
      description =
          "Heal the way Kintsugi did before prepared releases, for comparison: one incident at a"
              + " time, each building the project and running its tests with Maven itself.")
  boolean sequential;

  @Option(
      names = "--allow-unconfined-heals",
      description =
          "Where bubblewrap is missing, run the heals' builds and tests unconfined instead of"
              + " refusing to start.")
  boolean allowUnconfinedHeals;

  @Option(
      names = "--runtime",
      description =
          "Runtime remediation instead: a chaos experiment freezes the running service, Kintsugi"
              + " detects it, restarts it and verifies it, and the MTTR is printed; then a bad fix"
              + " goes out as a canary behind a proxy and is rolled back by itself. Exit 0 when"
              + " both happened.")
  boolean runtime;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (runtime) {
      return runtimeDemo();
    }
    int concurrency =
        healConcurrency != null ? healConcurrency : sequential ? 1 : Demo.defaultHealConcurrency();
    if (concurrency < 1) {
      System.err.println("kintsugi: --heal-concurrency must be >= 1, was " + concurrency);
      return ExitCode.BAD_INPUT;
    }
    Optional<Path> sample = Optional.ofNullable(example).or(DemoCommand::findExample);
    if (sample.isEmpty() || !Files.isRegularFile(sample.get().resolve("pom.xml"))) {
      System.err.println(
          "kintsugi: cannot find the sample service (examples/shop-service); pass --example DIR");
      return ExitCode.BAD_INPUT;
    }
    Sandbox.Detection sandbox = Sandbox.detect();
    if (!sandbox.available() && !allowUnconfinedHeals) {
      System.err.println(
          "kintsugi: the demo heals in a sandbox: "
              + sandbox.message()
              + "; or pass --allow-unconfined-heals");
      return ExitCode.BAD_INPUT;
    }
    Path work =
        workDir != null
            ? workDir
            : Files.createTempDirectory(
                "kintsugi-demo-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"))
                    + "-");
    System.out.println("kintsugi demo: the production loop on " + sample.get().getFileName());
    UntilInterrupted untilCtrlC = keepOpen ? UntilInterrupted.install() : null;
    Demo.Result result;
    try {
      result =
          new Demo(
                  new Demo.Options(
                      sample.get().toAbsolutePath().normalize(),
                      work,
                      Duration.ofSeconds(timeoutSeconds),
                      new LinkedHashSet<>(only),
                      verbose,
                      concurrency,
                      !sandbox.available(),
                      sequential),
                  System.out)
              .run(
                  done -> {
                    print(done, work, keepOpen);
                    if (untilCtrlC != null) {
                      untilCtrlC.await();
                    }
                  });
    } finally {
      if (untilCtrlC != null) {
        untilCtrlC.closed();
      }
    }
    return result.allFixed() ? ExitCode.SUCCESS : ExitCode.NOT_FIXED;
  }

  private Integer runtimeDemo() throws IOException, InterruptedException {
    Optional<Path> sample = Optional.ofNullable(example).or(DemoCommand::findExample);
    if (sample.isEmpty() || !Files.isRegularFile(sample.get().resolve("pom.xml"))) {
      System.err.println(
          "kintsugi: cannot find the sample service (examples/shop-service); pass --example DIR");
      return ExitCode.BAD_INPUT;
    }
    Path work = workDir != null ? workDir : Files.createTempDirectory("kintsugi-runtime-demo-");
    System.out.println("kintsugi demo --runtime: chaos, recovery and a canary on the shop");
    RuntimeDemo.Result result =
        new RuntimeDemo(
                new RuntimeDemo.Options(sample.get().toAbsolutePath().normalize(), work),
                System.out)
            .run();
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Chaos: the steady state %s; time to detect %s, time to recover %s; MTTR %s%n",
        result.journal().hypothesisHeld().orElse(false) ? "held again" : "did not come back",
        RuntimeDemo.seconds(result.journal().timeToDetect()),
        RuntimeDemo.seconds(result.journal().timeToRecover()),
        result.mttrSeconds() == null
            ? "-"
            : String.format(Locale.ROOT, "%.1f s", result.mttrSeconds()));
    System.out.printf(
        Locale.ROOT,
        "Canary: %s %.1f s after the rollout began, %.1f s after it first took traffic%n",
        result.rollout().promoted() ? "promoted (it should have been rolled back)" : "rolled back",
        result.rollout().decisionMillis() / 1e3,
        result.rollout().canaryServedMillis() / 1e3);
    System.out.println("Files: " + work + " (runtime.yml, chaos.yml, chaos-journal.json,");
    System.out.println("       rollout.yml, rollout-report.json, shop.log, canary.log)");
    return result.ok() ? ExitCode.SUCCESS : ExitCode.NOT_FIXED;
  }

  private static void print(Demo.Result result, Path work, boolean keepOpen) {
    System.out.println();
    System.out.println("Incidents and their heals:");
    for (Demo.Fix fix : result.incidents()) {
      System.out.printf(
          Locale.ROOT,
          "  #%-3d %-9s %-24s %s  %s%n",
          fix.incident(),
          fix.status(),
          fix.branch() == null ? "-" : fix.branch(),
          fix.secondsFromFirstError() == null
              ? "          "
              : String.format(Locale.ROOT, "%5.1f s   ", fix.secondsFromFirstError()),
          fix.title());
    }
    System.out.println();
    System.out.println("Look at:");
    System.out.println(
        "  the dashboard:     "
            + result.dashboard()
            + (keepOpen ? "  (open until Ctrl-C)" : "  (while the demo runs: add --keep-open)"));
    System.out.println("  the fix branches:  git -C " + result.repository() + " log --all --stat");
    System.out.println("  the heal reports:  " + work.resolve("reports"));
    System.out.println(
        "  the API:           "
            + result.apiUrl()
            + "; browse it again with: ./kintsugi server --port 8700 --db jdbc:h2:file:"
            + work.resolve("db/kintsugi"));
    System.out.println("  the service's log: " + work.resolve("service.log"));
  }

  /** {@code kintsugi.home} (set by the launcher), the working directory, or the jar's place. */
  static Optional<Path> findExample() {
    List<Path> roots = new java.util.ArrayList<>();
    Optional.ofNullable(System.getProperty("kintsugi.home")).map(Path::of).ifPresent(roots::add);
    roots.add(Path.of("").toAbsolutePath());
    try {
      roots.add(
          Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (Exception e) {
      // no code source (unusual class loader): the other roots remain
    }
    for (Path root : roots) {
      for (Path dir = root; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("examples/shop-service");
        if (Files.isRegularFile(candidate.resolve("pom.xml"))) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
