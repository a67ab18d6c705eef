package dev.kintsugi.maven;

import dev.kintsugi.core.audit.JsonLinesAuditLog;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealLoop;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.HealOutcome;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn dev.kintsugi:kintsugi-maven-plugin:heal}: {@code kintsugi heal} on the repository the
 * build runs in. Runs its tests (a Maven build of its own, in the sandbox); if some fail, finds the
 * cause, validates a fix and commits it on a new branch {@code kintsugi/fix-<id>}. The working
 * tree, index and current branch are never modified.
 *
 * <p>The goal succeeds when the tests pass or a fix was delivered: in CI its job is to propose the
 * fix, the failing test job stays red by itself. It fails when no fix was found or the heal could
 * not run, unless {@code -Dkintsugi.failWhenNotFixed=false}.
 *
 * <p>The heal builds the project itself, so the goal resolves no dependencies and runs once for the
 * whole reactor, at the execution root.
 */
@Mojo(
    name = "heal",
    requiresProject = true,
    aggregator = true,
    threadSafe = false,
    requiresDependencyResolution = ResolutionScope.NONE)
public class HealMojo extends AbstractMojo {

  /** Root of the git working tree to heal: where Maven was started. */
  @Parameter(defaultValue = "${session.executionRootDirectory}", readonly = true, required = true)
  File executionRoot;

  /** Test command instead of {@code mvn test}, e.g. {@code mvn -Pci verify}. */
  @Parameter(property = "kintsugi.testCmd")
  String testCmd;

  /** Where the JSON heal report is written. */
  @Parameter(
      property = "kintsugi.report",
      defaultValue = "${project.build.directory}/kintsugi-report.json")
  File report;

  /** Repair rounds, each widening the search. */
  @Parameter(property = "kintsugi.maxRounds", defaultValue = "3")
  int maxRounds;

  /** Time budget of the whole heal in seconds; builds and tests are killed at it. */
  @Parameter(property = "kintsugi.timeout", defaultValue = "900")
  long timeout;

  /** Candidates validated in parallel, one test JVM each (default: cores - 1). */
  @Parameter(property = "kintsugi.workers")
  Integer workers;

  /**
   * {@code none} (default), {@code openai} (any OpenAI-compatible server), {@code ollama} or {@code
   * anthropic}; or the environment variable {@code KINTSUGI_LLM_PROVIDER}. The API key comes only
   * from {@code KINTSUGI_LLM_API_KEY}, never from a parameter (it would show in logs and POMs).
   */
  @Parameter(property = "kintsugi.llm")
  String llm;

  /** The model server's base URL; or {@code KINTSUGI_LLM_BASE_URL}. */
  @Parameter(property = "kintsugi.llmBaseUrl")
  String llmBaseUrl;

  /** The model's name; or {@code KINTSUGI_LLM_MODEL}. */
  @Parameter(property = "kintsugi.llmModel")
  String llmModel;

  /** Do not read or write the fix memory ({@code ~/.kintsugi/memory}). */
  @Parameter(property = "kintsugi.noMemory", defaultValue = "false")
  boolean noMemory;

  /**
   * Run the builds and tests without the bubblewrap sandbox (default: confined: no network, writes
   * only to the heal's scratch directory, resource limits). The report carries a warning.
   */
  @Parameter(property = "kintsugi.unconfined", defaultValue = "false")
  boolean unconfined;

  /** Keep a prepared build of the healed commit here and start from it (see kintsugi heal). */
  @Parameter(property = "kintsugi.releases")
  File releases;

  /**
   * {@code branch} (a local branch) or {@code pr}: push it to {@code origin} and open a pull
   * request against the healed branch, as far as the policy allows; the token comes only from the
   * environment variable {@code KINTSUGI_FORGE_TOKEN}.
   */
  @Parameter(property = "kintsugi.deliver", defaultValue = "branch")
  String deliver;

  /** {@code github}, {@code gitlab} or {@code gitea} (default: inferred from origin's URL). */
  @Parameter(property = "kintsugi.forge")
  String forge;

  /** The forge's API URL (default: inferred from origin's URL). */
  @Parameter(property = "kintsugi.forgeUrl")
  String forgeUrl;

  /** {@code OWNER/NAME} on the forge (default: inferred from origin's URL). */
  @Parameter(property = "kintsugi.forgeRepo")
  String forgeRepo;

  /** The branch the pull request targets (default: the healed branch). */
  @Parameter(property = "kintsugi.base")
  String base;

  /** A policy file used instead of the repository's {@code .kintsugi/policy.yml}. */
  @Parameter(property = "kintsugi.policy")
  File policy;

  /** The environment the policy decides for (default: the policy's). */
  @Parameter(property = "kintsugi.environment")
  String policyEnvironment;

  /** The criticality the policy decides for (default: the policy's). */
  @Parameter(property = "kintsugi.criticality")
  String criticality;

  /** Seconds an auto-merge waits for the pull request's checks. */
  @Parameter(property = "kintsugi.mergeWait", defaultValue = "1800")
  long mergeWait;

  /** Webhooks told about the fix, comma-separated (also {@code KINTSUGI_NOTIFY}). */
  @Parameter(property = "kintsugi.notify")
  String notify;

  /** The hash-chained audit trail (default {@code ~/.kintsugi/audit.jsonl}). */
  @Parameter(property = "kintsugi.audit")
  File audit;

  /** Fail the build when no fix was found or the heal could not run. */
  @Parameter(property = "kintsugi.failWhenNotFixed", defaultValue = "true")
  boolean failWhenNotFixed;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    Path repo = GitRoot.require(executionRoot.toPath());
    HealOptions options = options(repo);
    Path workDir;
    try {
      workDir = Files.createTempDirectory("kintsugi-heal-");
    } catch (IOException e) {
      throw new MojoExecutionException("kintsugi: cannot create a scratch directory", e);
    }
    HealOutcome outcome;
    try (ScratchDirectory scratch = ScratchDirectory.own(workDir)) {
      outcome =
          new HealLoop(new LogProgress(getLog()), Clock.systemUTC())
              .run(options.withWorkDir(workDir));
    }
    conclude(outcome.report());
  }

  /** The heal's options from the parameters, as {@code kintsugi heal} builds them from flags. */
  HealOptions options(Path repo) throws MojoFailureException {
    if (maxRounds < 1) {
      throw bad("kintsugi.maxRounds must be at least 1, was " + maxRounds);
    }
    if (timeout < 1) {
      throw bad("kintsugi.timeout must be at least 1 second, was " + timeout);
    }
    if (workers != null && workers < 1) {
      throw bad("kintsugi.workers must be at least 1, was " + workers);
    }
    LlmConfig model;
    try {
      model = LlmConfig.fromEnvironment(environment(), llm, llmBaseUrl, llmModel);
    } catch (IllegalArgumentException e) {
      // LlmConfig names the CLI's flag; here it is a property.
      throw bad(e.getMessage().replace("--llm-model", "-Dkintsugi.llmModel"));
    }
    if (!unconfined) {
      Sandbox.Detection sandbox = Sandbox.detect();
      if (!sandbox.available()) {
        throw bad(
            sandbox.message()
                + "; or set -Dkintsugi.unconfined=true to run the builds and tests without the"
                + " sandbox");
      }
    }
    HealOptions options =
        HealOptions.defaults(repo)
            .withTestCommand(testCmd)
            .withReport(report == null ? null : report.toPath())
            .withMaxRounds(maxRounds)
            .withTimeout(Duration.ofSeconds(timeout))
            .withWorkers(workers == null ? HealOptions.defaultWorkers() : workers)
            .withLlm(model);
    if (noMemory) {
      options = options.withMemoryDir(null);
    }
    if (unconfined) {
      options = options.unconfined();
    }
    if (releases != null) {
      options = options.withReleases(new Releases(releases.toPath()));
    }
    return options
        .withDelivery(delivery())
        .withAudit(
            new JsonLinesAuditLog(
                audit == null ? JsonLinesAuditLog.defaultFile() : audit.toPath()));
  }

  /** Delivery as {@code kintsugi heal --deliver ... --forge ... --policy ...} builds it. */
  private DeliveryOptions delivery() throws MojoFailureException {
    DeliveryOptions.Mode mode;
    try {
      mode = DeliveryOptions.mode(deliver);
    } catch (IllegalArgumentException e) {
      throw bad("kintsugi.deliver " + e.getMessage());
    }
    if (mergeWait < 0) {
      throw bad("kintsugi.mergeWait must not be negative, was " + mergeWait);
    }
    URI api = null;
    if (forgeUrl != null && !forgeUrl.isBlank()) {
      try {
        api = new URI(forgeUrl.strip());
      } catch (URISyntaxException e) {
        throw bad("kintsugi.forgeUrl is not a URL: " + forgeUrl);
      }
    }
    return DeliveryOptions.BRANCH_ONLY
        .withMode(mode)
        .withToken(ForgeToken.of(environment().get(ForgeToken.ENV)))
        .withForge(forge, api, forgeRepo)
        .withBaseBranch(base)
        .withPolicyFile(policy == null ? null : policy.toPath())
        .withContext(policyEnvironment, criticality)
        .withChecksWait(Duration.ofSeconds(mergeWait), DeliveryOptions.DEFAULT_CHECKS_POLL)
        .withNotify(webhooks());
  }

  private List<Webhook> webhooks() throws MojoFailureException {
    List<Webhook> webhooks = new ArrayList<>();
    try {
      webhooks.addAll(Webhook.parseList(notify));
      webhooks.addAll(Webhook.parseList(environment().get(Webhook.ENV)));
    } catch (IllegalArgumentException e) {
      throw bad("kintsugi.notify: " + e.getMessage());
    }
    return webhooks;
  }

  /** The process environment; tests replace it. */
  Map<String, String> environment() {
    return System.getenv();
  }

  /** Logs the outcome; fails the build when nothing was fixed, if so configured. */
  void conclude(HealReport report) throws MojoFailureException {
    report.warnings().forEach(w -> getLog().warn("kintsugi: " + w));
    switch (report.status()) {
      case FIXED -> {
        getLog()
            .info(
                "kintsugi: fixed on branch "
                    + report.branch()
                    + " (commit "
                    + report.commit()
                    + ")");
        getLog().info("  " + report.fix().explanation());
        report.fix().diff().lines().forEach(line -> getLog().info(line));
      }
      case HEALTHY -> getLog().info("kintsugi: healthy: " + report.reason());
      case NOT_FIXED, ERROR -> {
        String line = "kintsugi: " + status(report) + ": " + report.reason();
        if (failWhenNotFixed) {
          throw new MojoFailureException(line);
        }
        getLog().warn(line);
      }
    }
  }

  private static String status(HealReport report) {
    return report.status() == HealReport.Status.ERROR ? "heal failed" : "not fixed";
  }

  private static MojoFailureException bad(String message) {
    return new MojoFailureException("kintsugi: " + message);
  }
}
