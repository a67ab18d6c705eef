package dev.kintsugi.cli;

import dev.kintsugi.core.audit.JsonLinesAuditLog;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealLoop;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.HealOutcome;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kintsugi heal REPO}: failing tests in, a validated fix on a new branch out. */
@Command(
    name = "heal",
    mixinStandardHelpOptions = true,
    description = {
      "Run the tests of a git repository with a Maven build; if some fail, find the cause, "
          + "generate and validate a fix, and commit it on a new branch kintsugi/fix-<id>.",
      "Your working tree, index and current branch are never modified."
    })
final class HealCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "REPO", description = "Root of the git repository to heal.")
  Path repo;

  @Option(
      names = "--test-cmd",
      paramLabel = "CMD",
      description = "Test command (default: mvn test).")
  String testCommand;

  @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON heal report here.")
  Path report;

  @Option(
      names = "--max-rounds",
      paramLabel = "N",
      defaultValue = "3",
      description = "Repair rounds, each widening the search (default: ${DEFAULT-VALUE}).")
  int maxRounds;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "900",
      description =
          "Time budget of the whole heal; builds and tests are killed at it (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Candidates validated in parallel, one test JVM each (default: cores - 1).")
  Integer workers;

  @Option(
      names = "--llm",
      paramLabel = "PROVIDER",
      description =
          "none (default), openai (any OpenAI-compatible server), ollama or anthropic; "
              + "or KINTSUGI_LLM_PROVIDER.")
  String llmProvider;

  @Option(names = "--llm-base-url", paramLabel = "URL", description = "Or KINTSUGI_LLM_BASE_URL.")
  String llmBaseUrl;

  @Option(names = "--llm-model", paramLabel = "NAME", description = "Or KINTSUGI_LLM_MODEL.")
  String llmModel;

  @Option(
      names = "--no-memory",
      description = "Do not read or write the fix memory (~/.kintsugi/memory).")
  boolean noMemory;

  @Option(
      names = "--unconfined",
      description =
          "Run the project's builds and tests without the bubblewrap sandbox (default: confined:"
              + " no network, writes only to the heal's scratch directory, resource limits)."
              + " The report carries a warning.")
  boolean unconfined;

  @Option(
      names = "--releases",
      paramLabel = "DIR",
      description =
          "Keep a prepared build of the healed commit in DIR (its classes, test classpath and"
              + " each test's coverage) and start from it: the first heal of a commit builds it,"
              + " later heals of the same commit skip Maven until the confirming build.")
  Path releases;

  @Option(
      names = "--deliver",
      paramLabel = "HOW",
      defaultValue = "branch",
      description =
          "branch (default): a local branch kintsugi/fix-<id>; pr: push it to origin and open a"
              + " pull request against the healed branch, as far as the policy allows (the token"
              + " comes only from KINTSUGI_FORGE_TOKEN).")
  String deliver;

  @Option(
      names = "--forge",
      paramLabel = "KIND",
      description = "github, gitlab or gitea (default: inferred from origin's URL).")
  String forge;

  @Option(
      names = "--forge-url",
      paramLabel = "API_URL",
      description =
          "The forge's API, e.g. https://gitlab.example.com/api/v4 (default: inferred from"
              + " origin's URL).")
  URI forgeUrl;

  @Option(
      names = "--forge-repo",
      paramLabel = "OWNER/NAME",
      description = "The repository on the forge (default: inferred from origin's URL).")
  String forgeRepo;

  @Option(
      names = "--base",
      paramLabel = "BRANCH",
      description = "The branch the pull request targets (default: the healed branch).")
  String base;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "A policy file (YAML or JSON) to use instead of the repository's"
              + " .kintsugi/policy.yml; without either, every fix needs approval.")
  Path policy;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      description = "The environment the policy decides for (default: the policy's).")
  String environment;

  @Option(
      names = "--criticality",
      paramLabel = "LEVEL",
      description = "The criticality the policy decides for (default: the policy's).")
  String criticality;

  @Option(
      names = "--merge-wait",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description =
          "How long an auto-merge waits for the pull request's checks (default:"
              + " ${DEFAULT-VALUE}).")
  long mergeWaitSeconds;

  @Option(
      names = "--notify",
      paramLabel = "URL",
      description =
          "A webhook told about the fix (proposed, approval needed, merged); repeatable."
              + " slack:URL or a hooks.slack.com URL gets Slack's payload, generic:URL or any other"
              + " URL a plain JSON one. Also KINTSUGI_NOTIFY (comma-separated), which keeps"
              + " webhook secrets out of shell history.")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--audit",
      paramLabel = "FILE",
      description =
          "The hash-chained audit trail every action is appended to (default:"
              + " ~/.kintsugi/audit.jsonl; check it with kintsugi audit verify --file).")
  Path audit;

  @Override
  public Integer call() throws IOException {
    PrintStream err = System.err;
    if (maxRounds < 1) {
      err.println("kintsugi: --max-rounds must be at least 1, was " + maxRounds);
      return ExitCode.BAD_INPUT;
    }
    if (timeoutSeconds < 1) {
      err.println("kintsugi: --timeout must be at least 1 second, was " + timeoutSeconds);
      return ExitCode.BAD_INPUT;
    }
    if (workers != null && workers < 1) {
      err.println("kintsugi: --workers must be at least 1, was " + workers);
      return ExitCode.BAD_INPUT;
    }
    DeliveryOptions delivery;
    try {
      delivery =
          DeliveryOptions.mode(deliver) == DeliveryOptions.Mode.PR
              ? DeliveryOptions.pullRequest()
              : DeliveryOptions.BRANCH_ONLY;
    } catch (IllegalArgumentException e) {
      err.println("kintsugi: --deliver " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (mergeWaitSeconds < 0) {
      err.println("kintsugi: --merge-wait must not be negative, was " + mergeWaitSeconds);
      return ExitCode.BAD_INPUT;
    }
    List<Webhook> webhooks = new ArrayList<>();
    try {
      for (String value : notify) {
        webhooks.add(Webhook.parse(value));
      }
      webhooks.addAll(Webhook.parseList(System.getenv(Webhook.ENV)));
    } catch (IllegalArgumentException e) {
      err.println("kintsugi: --notify: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    delivery =
        delivery
            .withNotify(webhooks)
            .withForge(forge, forgeUrl, forgeRepo)
            .withBaseBranch(base)
            .withPolicyFile(policy)
            .withContext(environment, criticality)
            .withChecksWait(
                Duration.ofSeconds(mergeWaitSeconds), DeliveryOptions.DEFAULT_CHECKS_POLL);
    LlmConfig llm;
    try {
      // The API key only ever comes from KINTSUGI_LLM_API_KEY: never a flag (shell history, ps).
      llm = LlmConfig.fromEnvironment(System.getenv(), llmProvider, llmBaseUrl, llmModel);
    } catch (IllegalArgumentException e) {
      err.println("kintsugi: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (!unconfined) {
      Sandbox.Detection sandbox = Sandbox.detect();
      if (!sandbox.available()) {
        err.println(
            "kintsugi: "
                + sandbox.message()
                + "; or pass --unconfined to run the builds and tests without the sandbox");
        return ExitCode.BAD_INPUT;
      }
    }
    Path workDir = Files.createTempDirectory("kintsugi-heal-");
    Thread cleanup = new Thread(() -> abandon(workDir), "kintsugi-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    HealOutcome outcome;
    try {
      HealOptions options =
          HealOptions.defaults(repo)
              .withTestCommand(testCommand)
              .withReport(report)
              .withMaxRounds(maxRounds)
              .withTimeout(Duration.ofSeconds(timeoutSeconds))
              .withWorkDir(workDir)
              .withWorkers(workers == null ? HealOptions.defaultWorkers() : workers)
              .withLlm(llm)
              .withDelivery(delivery)
              .withAudit(
                  new JsonLinesAuditLog(audit == null ? JsonLinesAuditLog.defaultFile() : audit));
      if (noMemory) {
        options = options.withMemoryDir(null);
      }
      if (unconfined) {
        options = options.unconfined();
      }
      if (releases != null) {
        options = options.withReleases(new Releases(releases));
      }
      outcome = new HealLoop(Progress.printingTo(err), Clock.systemUTC()).run(options);
    } finally {
      abandon(workDir);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
    print(outcome.report());
    return outcome.exitCode();
  }

  private static void print(HealReport report) {
    switch (report.status()) {
      case FIXED -> {
        System.out.println(
            "fixed: branch " + report.branch() + " (commit " + report.commit() + ")");
        if (report.policy() != null) {
          System.out.println("  policy: " + report.policy().explanation());
          System.out.println("  delivered: " + report.policy().delivered());
        }
        System.out.println("  " + report.fix().explanation());
        System.out.print(report.fix().diff());
      }
      case HEALTHY -> System.out.println("healthy: " + report.reason());
      case NOT_FIXED -> System.out.println("not fixed: " + report.reason());
      case ERROR -> System.err.println("kintsugi: " + report.reason());
    }
  }

  /** Kills child processes still running (Ctrl-C) and deletes this run's private files. */
  private static void abandon(Path workDir) {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    if (!Files.exists(workDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort on exit: the OS temp cleaner gets the rest
    }
  }
}
