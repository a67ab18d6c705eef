package dev.kintsugi.cli;

import dev.kintsugi.heal.deliver.ForgeToken;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.production.ProductionHealer;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How production heals run: the options {@code kintsugi server} and {@code kintsugi worker} share,
 * and the healer built from them.
 */
final class HealingOptions {

  static final Path KINTSUGI_HOME = Path.of(System.getProperty("user.home"), ".kintsugi");

  @Option(
      names = "--allow-unconfined-heals",
      description =
          "Where bubblewrap is missing, heal anyway with builds and tests UNCONFINED (the"
              + " project's code then runs with this user's rights). Without it auto-heal is"
              + " refused there.")
  boolean allowUnconfinedHeals;

  @Option(
      names = "--heal-timeout",
      paramLabel = "SECONDS",
      defaultValue = "900",
      description = "Time budget of each production heal (default: ${DEFAULT-VALUE}).")
  long healTimeoutSeconds = 900;

  @Option(
      names = "--heal-concurrency",
      paramLabel = "N",
      description =
          "Incidents healed at once (default: two per core). Heals of one release share its"
              + " preparation and confirm their fixes in shared builds.")
  Integer healConcurrency;

  @Option(
      names = "--heal-lease",
      paramLabel = "SECONDS",
      description =
          "How long a heal run stays this node's without a renewal (renewed every third of it);"
              + " a node that dies is taken over after this (default: 30).")
  long healLeaseSeconds = 30;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where heals keep what outlives one heal: releases/, repos/ (clones of repositories"
              + " registered by URL) and memory/ (learned fixes) (default: ~/.kintsugi). One"
              + " process per directory.")
  Path stateDir;

  @Option(
      names = "--releases",
      paramLabel = "DIR",
      description =
          "Where releases are prepared: each commit is built and its tests run once, and every"
              + " incident of it heals from there (default: releases/ in --state-dir).")
  Path releases;

  /**
   * How many incidents are healed at once.
   *
   * @throws IllegalArgumentException naming the option when the numbers given are not usable
   */
  int concurrency() {
    int concurrency = healConcurrency != null ? healConcurrency : defaultHealConcurrency();
    if (concurrency < 1) {
      throw new IllegalArgumentException("--heal-concurrency must be >= 1, was " + concurrency);
    }
    if (healTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "--heal-timeout must be positive, was " + healTimeoutSeconds);
    }
    return concurrency;
  }

  /**
   * Sets the node id (when given) and the heal lease on {@code config}.
   *
   * @throws IllegalArgumentException naming the option when a value is not usable
   */
  void applyNode(dev.kintsugi.server.ServerConfig.Builder config, String nodeId) {
    if (healLeaseSeconds < 1) {
      throw new IllegalArgumentException("--heal-lease must be >= 1, was " + healLeaseSeconds);
    }
    config.healLease(java.time.Duration.ofSeconds(healLeaseSeconds));
    if (nodeId != null) {
      if (nodeId.isBlank() || nodeId.strip().length() > 200) {
        throw new IllegalArgumentException(
            "--node-id must be 1-200 characters, was '" + nodeId + "'");
      }
      config.nodeId(nodeId);
    }
  }

  private Path home() {
    return stateDir != null ? stateDir : KINTSUGI_HOME;
  }

  /**
   * Two heals per core: a heal waits much of its time on a worker, a build or a shared confirm
   * build, and heals of one release share their preparation.
   */
  static int defaultHealConcurrency() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  /**
   * What every production heal starts from; the server's database, password and journal are hidden
   * from the code heals run (they are readable to this user, and events choose what runs). The
   * forge token is read here, once, from {@code KINTSUGI_FORGE_TOKEN}: projects delivering pull
   * requests use it; it is never stored, logged or shown.
   */
  HealOptions healOptions(LlmConfig llm, List<Path> serverFiles) {
    HealOptions defaults = HealOptions.defaults(Path.of("."));
    HealOptions options =
        defaults
            .withTimeout(Duration.ofSeconds(healTimeoutSeconds))
            .withLlm(llm)
            .withMemoryDir(home().resolve("memory"))
            .withReleases(new Releases(releases != null ? releases : home().resolve("releases")))
            .withDelivery(defaults.delivery().withToken(ForgeToken.fromEnvironment()));
    return options.withSandbox(options.sandbox().withHidden(serverFiles.toArray(Path[]::new)));
  }

  /**
   * The production healer, or null when bubblewrap is missing and unconfined heals were not allowed
   * (said on {@code out} at start, with how to fix it).
   */
  ProductionHealer healer(LlmConfig llm, PrintStream out, List<Path> serverFiles) {
    HealOptions options = healOptions(llm, serverFiles);
    Sandbox.Detection sandbox = Sandbox.detect();
    if (!sandbox.available()) {
      if (!allowUnconfinedHeals) {
        out.println(
            "kintsugi: auto-heal is OFF: "
                + sandbox.message()
                + ". Heals build and test code chosen by incoming events and must run"
                + " sandboxed; errors are still collected and grouped. Install bubblewrap and"
                + " restart, or pass --allow-unconfined-heals to heal without the sandbox.");
        return null;
      }
      out.println(
          "kintsugi: WARNING: heals run UNCONFINED (--allow-unconfined-heals): "
              + sandbox.message());
      options = options.unconfined();
    }
    return new ProductionHealer(
        options, home().resolve("repos"), Progress.silent(), Clock.systemUTC());
  }
}
