package dev.kintsugi.heal.loop;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.validate.SizeLimits;
import dev.kintsugi.learn.FixMemory;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to heal one repository.
 *
 * @param repo root of the user's git working tree (never modified)
 * @param testCommand overrides {@code mvn test} for the initial and final test runs
 * @param report where to write the JSON report, if anywhere
 * @param maxRounds repair rounds (default 3); each widens the search
 * @param timeout time budget of the whole heal; every build and test run is killed at it
 * @param limits size limits of a fix
 * @param workDir under which each heal makes its own scratch directory (the only directory its
 *     sandbox may write), deleted when the heal ends
 * @param exploreAfterPlausible how many more candidates to test after the first plausible one, to
 *     count plausible alternatives and prefer the smallest
 * @param workers candidates validated at once (warm worker JVMs)
 * @param llm the model configuration ({@link LlmConfig#none()} for none)
 * @param memoryDir where fixes are remembered; empty turns the memory off
 * @param revision the commit to heal ({@code HEAD} by default; production heals use the release)
 * @param reproducer writes a reproduction test of a production error before the first test run
 * @param sandbox how every build and test run is confined (default: bubblewrap, required; the heal
 *     fails with a clear error where it is missing unless the policy is unconfined)
 * @param releases where prepared releases are kept: when present, the heal starts from the prepared
 *     build of its commit (built once, reused by every heal of that commit) instead of building and
 *     running the tests itself, and reproduces in a warm worker (see {@link Releases})
 * @param delivery a local branch or a pull request, and the policy that decides how far a fix goes
 * @param audit where every action of the heal is recorded (candidates refused and accepted, the
 *     policy's decision, branches and pull requests)
 */
public record HealOptions(
    Path repo,
    Optional<String> testCommand,
    Optional<Path> report,
    int maxRounds,
    Duration timeout,
    SizeLimits limits,
    Path workDir,
    int exploreAfterPlausible,
    int workers,
    LlmConfig llm,
    Optional<Path> memoryDir,
    String revision,
    Optional<Reproducer> reproducer,
    SandboxPolicy sandbox,
    Optional<Releases> releases,
    DeliveryOptions delivery,
    AuditLog audit) {

  public static final int DEFAULT_MAX_ROUNDS = 3;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

  public HealOptions {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(testCommand, "testCommand");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(llm, "llm");
    Objects.requireNonNull(memoryDir, "memoryDir");
    Objects.requireNonNull(reproducer, "reproducer");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(releases, "releases");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(audit, "audit");
    if (revision == null || revision.isBlank()) {
      throw new IllegalArgumentException("revision must not be blank");
    }
    if (maxRounds < 1) {
      throw new IllegalArgumentException("max rounds must be >= 1, was " + maxRounds);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (exploreAfterPlausible < 0) {
      throw new IllegalArgumentException(
          "exploreAfterPlausible must be >= 0, was " + exploreAfterPlausible);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    testCommand = testCommand.filter(c -> !c.isBlank());
  }

  /** Defaults for everything but the repository. */
  public static HealOptions defaults(Path repo) {
    return new HealOptions(
        repo,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAX_ROUNDS,
        DEFAULT_TIMEOUT,
        SizeLimits.DEFAULT,
        Path.of(System.getProperty("java.io.tmpdir"), "kintsugi"),
        8,
        defaultWorkers(),
        LlmConfig.none(),
        Optional.of(FixMemory.defaultDirectory()),
        "HEAD",
        Optional.empty(),
        SandboxPolicy.defaults(),
        Optional.empty(),
        DeliveryOptions.BRANCH_ONLY,
        AuditLog.none());
  }

  /** Cores − 1, at least 1: one core stays for the heal itself. */
  public static int defaultWorkers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /** The same options for another repository. */
  public HealOptions withRepo(Path repository) {
    return copy(b -> b.repo = repository);
  }

  public HealOptions withTestCommand(String command) {
    return copy(b -> b.testCommand = Optional.ofNullable(command));
  }

  public HealOptions withReport(Path file) {
    return copy(b -> b.report = Optional.ofNullable(file));
  }

  public HealOptions withMaxRounds(int rounds) {
    return copy(b -> b.maxRounds = rounds);
  }

  public HealOptions withTimeout(Duration t) {
    return copy(b -> b.timeout = t);
  }

  public HealOptions withWorkDir(Path dir) {
    return copy(b -> b.workDir = dir);
  }

  public HealOptions withWorkers(int n) {
    return copy(b -> b.workers = n);
  }

  public HealOptions withLlm(LlmConfig config) {
    return copy(b -> b.llm = config);
  }

  /** Where to remember validated fixes; {@code null} turns the memory off. */
  public HealOptions withMemoryDir(Path dir) {
    return copy(b -> b.memoryDir = Optional.ofNullable(dir));
  }

  /** Heals this commit (SHA, branch or tag) instead of {@code HEAD}. */
  public HealOptions withRevision(String rev) {
    return copy(b -> b.revision = rev);
  }

  /** Adds a reproduction test of a production error before the first test run. */
  public HealOptions withReproducer(Reproducer r) {
    return copy(b -> b.reproducer = Optional.ofNullable(r));
  }

  /** How builds and tests are confined; see {@link SandboxPolicy}. */
  public HealOptions withSandbox(SandboxPolicy policy) {
    return copy(b -> b.sandbox = policy);
  }

  /** The explicit opt-out of the sandbox: builds and tests run unconfined, the report says so. */
  public HealOptions unconfined() {
    return withSandbox(sandbox.unconfined());
  }

  /** Heals from prepared releases kept in {@code store} (see {@link Releases}). */
  public HealOptions withReleases(Releases store) {
    return copy(b -> b.releases = Optional.of(store));
  }

  /** How the fix is delivered and which policy decides how far it goes. */
  public HealOptions withDelivery(DeliveryOptions d) {
    return copy(b -> b.delivery = d);
  }

  /** Records every action of the heal in {@code log}. */
  public HealOptions withAudit(AuditLog log) {
    return copy(b -> b.audit = log);
  }

  public HealOptions withLimits(SizeLimits l) {
    return copy(b -> b.limits = l);
  }

  /** A copy with one change; the canonical constructor validates the result. */
  private HealOptions copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new HealOptions(
        f.repo,
        f.testCommand,
        f.report,
        f.maxRounds,
        f.timeout,
        f.limits,
        f.workDir,
        f.exploreAfterPlausible,
        f.workers,
        f.llm,
        f.memoryDir,
        f.revision,
        f.reproducer,
        f.sandbox,
        f.releases,
        f.delivery,
        f.audit);
  }

  /** Mutable mirror of the components, only for {@link #copy}. */
  private static final class Fields {
    Path repo;
    Optional<String> testCommand;
    Optional<Path> report;
    int maxRounds;
    Duration timeout;
    SizeLimits limits;
    Path workDir;
    int exploreAfterPlausible;
    int workers;
    LlmConfig llm;
    Optional<Path> memoryDir;
    String revision;
    Optional<Reproducer> reproducer;
    SandboxPolicy sandbox;
    Optional<Releases> releases;
    DeliveryOptions delivery;
    AuditLog audit;

    Fields(HealOptions o) {
      repo = o.repo;
      testCommand = o.testCommand;
      report = o.report;
      maxRounds = o.maxRounds;
      timeout = o.timeout;
      limits = o.limits;
      workDir = o.workDir;
      exploreAfterPlausible = o.exploreAfterPlausible;
      workers = o.workers;
      llm = o.llm;
      memoryDir = o.memoryDir;
      revision = o.revision;
      reproducer = o.reproducer;
      sandbox = o.sandbox;
      releases = o.releases;
      delivery = o.delivery;
      audit = o.audit;
    }
  }
}
