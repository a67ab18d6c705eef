package dev.kintsugi.runtime.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigFiles;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.canary.MetricSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A local rollout: where the proxy listens, the running (stable) version, the canary to start, the
 * traffic steps and how each is judged. Read from YAML by {@link #read(Path)} (every error names
 * its field: {@code canary.command}, {@code steps[2]}); the shape:
 *
 * <pre>{@code
 * listen: 8088                 # the proxy's port (0: a free one); users send traffic here
 * bind: 127.0.0.1              # default 127.0.0.1
 * stable: {url: http://127.0.0.1:8080}        # already running; never stopped by Kintsugi
 * canary:
 *   command: [java, -jar, shop-service.jar, --port, "8081"]   # no shell; a name is looked up on PATH
 *   url: http://127.0.0.1:8081
 *   readyUrl: http://127.0.0.1:8081/health    # default: url
 *   readyTimeout: 60s
 *   workingDir: /opt/shop      # optional
 *   env: {JAVA_OPTS: -Xmx256m} # optional, added to Kintsugi's environment
 *   log: canary.log            # optional; discarded without (relative: to the file's folder)
 *   grace: 10s                 # SIGTERM, then SIGKILL after this, on a rollback
 * steps: [10, 25, 50, 100]     # percent of the requests to the canary, increasing
 * interval: 10s                # each step's length
 * bucket: 1s                   # one sample per bucket; interval must hold judge.minSamples of them
 * maxInconclusive: 2           # inconclusive judgements a step may have (each adds an interval)
 * metrics:                     # default: the two below
 *   - {name: error-rate, worse: higher, allowedRelative: 0, allowedAbsolute: 0.01, critical: true}
 *   - {name: latency-p99, worse: higher, allowedRelative: 0.2, allowedAbsolute: 50}   # ms
 * judge: {alpha: 0.05, pass: 95, marginal: 75, minSamples: 5}
 * kintsugi:                    # optional: the server's incident context for the canary's release
 *   url: http://127.0.0.1:8700
 *   tokenEnv: KINTSUGI_TOKEN   # the environment variable holding the admin token (the default)
 *   project: shop              # where the canary's errors are reported
 *   release: 1.5.0             # the canary's release, as its SDK or agent reports it
 * }</pre>
 *
 * @param kintsugi the server each judgement also asks about the canary's release: an incident
 *     Kintsugi knew before, or a new one, raised by that release fails the step
 * @param metrics each named {@code error-rate}, {@code latency-p50} or {@code latency-p99}
 *     (milliseconds)
 */
public record RolloutConfig(
    String bind,
    int listen,
    URI stable,
    CanaryProcess canary,
    List<Integer> steps,
    Duration interval,
    Duration bucket,
    int maxInconclusive,
    List<MetricSpec> metrics,
    JudgeSettings judge,
    Optional<ServerContext> kintsugi) {

  /** Larger files are refused: a rollout is a screen. */
  static final int MAX_BYTES = 64 * 1024;

  private static final List<String> TOP =
      List.of(
          "version",
          "listen",
          "bind",
          "stable",
          "canary",
          "steps",
          "interval",
          "bucket",
          "maxInconclusive",
          "metrics",
          "judge",
          "kintsugi");
  private static final List<String> CANARY =
      List.of("command", "url", "readyUrl", "readyTimeout", "workingDir", "env", "log", "grace");
  private static final List<String> METRIC =
      List.of("name", "worse", "allowedRelative", "allowedAbsolute", "critical");
  private static final List<String> JUDGE = List.of("alpha", "pass", "marginal", "minSamples");
  private static final List<String> KINTSUGI = List.of("url", "tokenEnv", "project", "release");
  private static final java.util.regex.Pattern ENV_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public RolloutConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(stable, "stable");
    Objects.requireNonNull(canary, "canary");
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.stream().anyMatch(p -> p < 1 || p > 100)) {
      throw new IllegalArgumentException("steps must be 1-100 %: " + steps);
    }
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(kintsugi, "kintsugi");
    if (interval.toMillis() / Math.max(1, bucket.toMillis()) < judge.minSamples()) {
      throw new IllegalArgumentException(
          "an interval of " + interval + " holds fewer than " + judge.minSamples() + " buckets");
    }
    metrics = List.copyOf(metrics);
    for (MetricSpec m : metrics) {
      if (RolloutMetric.named(m.name()).isEmpty()) {
        throw new IllegalArgumentException("the proxy does not measure " + m.name());
      }
    }
  }

  /**
   * A rollout with the usual settings: the proxy on {@code listen} (loopback), steps 10, 25, 50,
   * 100 % of {@code interval} each, 1 s buckets, two inconclusive judgements a step, the default
   * metrics (errors critical, p99 latency) and judge.
   */
  public static RolloutConfig of(int listen, URI stable, CanaryProcess canary, Duration interval) {
    return new RolloutConfig(
        "127.0.0.1",
        listen,
        stable,
        canary,
        List.of(10, 25, 50, 100),
        interval,
        Duration.ofSeconds(1),
        2,
        RolloutMetric.DEFAULTS,
        JudgeSettings.STANDARD,
        Optional.empty());
  }

  /** The same rollout with other steps and buckets (short ones for a demo). */
  public RolloutConfig withSteps(List<Integer> percents, Duration bucketWidth) {
    return new RolloutConfig(
        bind,
        listen,
        stable,
        canary,
        percents,
        interval,
        bucketWidth,
        maxInconclusive,
        metrics,
        judge,
        kintsugi);
  }

  /** The same rollout, each judgement also asking {@code server} about the canary's release. */
  public RolloutConfig withKintsugi(ServerContext server) {
    return new RolloutConfig(
        bind,
        listen,
        stable,
        canary,
        steps,
        interval,
        bucket,
        maxInconclusive,
        metrics,
        judge,
        Optional.of(server));
  }

  /** Reads a rollout file; relative paths in it are resolved against its folder. */
  public static RolloutConfig read(Path file) throws RuntimeConfigException {
    String text = ConfigFiles.text(file, MAX_BYTES);
    return parse(text, file.toAbsolutePath().getParent());
  }

  /** Parses a rollout's YAML; relative paths are resolved against {@code dir}. */
  public static RolloutConfig parse(String text, Path dir) throws RuntimeConfigException {
    ConfigNode top = ConfigNode.of(ConfigFiles.yaml(text), "", TOP);
    top.integer("version", 1, 1, 1);
    int listen = top.integer("listen", 0, 65_535);
    String bind = top.optionalText("bind").orElse("127.0.0.1");
    ConfigNode stableNode = ConfigNode.of(top.get("stable"), "stable", List.of("url"));
    URI stable = stableNode.httpUrl("url");
    CanaryProcess canary = canary(top, dir);
    if (canary.url().equals(stable)) {
      throw new RuntimeConfigException("canary.url", "is the stable's URL; it must be another");
    }
    List<Integer> steps = steps(top);
    Duration interval = top.duration("interval", Duration.ofSeconds(10));
    Duration bucket = top.duration("bucket", Duration.ofSeconds(1));
    int maxInconclusive = top.integer("maxInconclusive", 2, 0, 100);
    List<MetricSpec> metrics = top.has("metrics") ? metrics(top) : RolloutMetric.DEFAULTS;
    JudgeSettings judge = judge(top);
    long buckets = interval.toMillis() / bucket.toMillis();
    if (buckets < judge.minSamples()) {
      throw new RuntimeConfigException(
          "interval",
          "holds "
              + buckets
              + " buckets of "
              + bucket.toMillis()
              + " ms, fewer than judge.minSamples ("
              + judge.minSamples()
              + "): no step could ever be judged");
    }
    return new RolloutConfig(
        bind,
        listen,
        stable,
        canary,
        steps,
        interval,
        bucket,
        maxInconclusive,
        metrics,
        judge,
        kintsugi(top));
  }

  private static Optional<ServerContext> kintsugi(ConfigNode top) throws RuntimeConfigException {
    if (!top.has("kintsugi")) {
      return Optional.empty();
    }
    ConfigNode k = ConfigNode.of(top.get("kintsugi"), "kintsugi", KINTSUGI);
    String tokenEnv = k.optionalText("tokenEnv").orElse("KINTSUGI_TOKEN");
    if (!ENV_NAME.matcher(tokenEnv).matches()) {
      throw new RuntimeConfigException(
          "kintsugi.tokenEnv",
          "must name an environment variable (the token itself never goes here)");
    }
    return Optional.of(
        new ServerContext(k.httpUrl("url"), tokenEnv, k.text("project"), k.text("release")));
  }

  private static CanaryProcess canary(ConfigNode top, Path dir) throws RuntimeConfigException {
    ConfigNode c = ConfigNode.of(top.get("canary"), "canary", CANARY);
    List<String> command = c.nonEmptyStrings("command");
    URI url = c.httpUrl("url");
    return new CanaryProcess(
        command,
        url,
        c.optionalHttpUrl("readyUrl").orElse(url),
        c.duration("readyTimeout", Duration.ofSeconds(60)),
        c.optionalPath("workingDir").map(dir::resolve),
        c.textMap("env"),
        c.optionalPath("log").map(dir::resolve),
        c.duration("grace", Duration.ofSeconds(10)));
  }

  private static List<Integer> steps(ConfigNode top) throws RuntimeConfigException {
    if (!top.has("steps")) {
      return List.of(10, 25, 50, 100);
    }
    List<JsonNode> items = ConfigNode.list(top.get("steps"), "steps");
    if (items.isEmpty()) {
      throw new RuntimeConfigException("steps", "must list at least one percentage");
    }
    List<Integer> steps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String at = "steps[" + i + "]";
      if (!item.isIntegralNumber() || !item.canConvertToInt()) {
        throw new RuntimeConfigException(
            at, "must be a whole percentage, was " + ConfigNode.shown(item));
      }
      int percent = item.intValue();
      if (percent < 1 || percent > 100) {
        throw new RuntimeConfigException(at, "must be between 1 and 100, was " + percent);
      }
      if (!steps.isEmpty() && percent <= steps.get(i - 1)) {
        throw new RuntimeConfigException(
            at, "must be more than the step before (" + steps.get(i - 1) + "), was " + percent);
      }
      steps.add(percent);
    }
    return steps;
  }

  private static List<MetricSpec> metrics(ConfigNode top) throws RuntimeConfigException {
    List<JsonNode> items = ConfigNode.list(top.get("metrics"), "metrics");
    if (items.isEmpty()) {
      throw new RuntimeConfigException("metrics", "must list at least one metric");
    }
    List<MetricSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode m = ConfigNode.of(items.get(i), "metrics[" + i + "]", METRIC);
      String name = m.text("name");
      if (RolloutMetric.named(name).isEmpty()) {
        throw new RuntimeConfigException(
            m.path("name"),
            "unknown metric \""
                + name
                + "\" (the proxy measures: "
                + String.join(", ", RolloutMetric.names())
                + ")");
      }
      if (!names.add(name)) {
        throw new RuntimeConfigException(m.path("name"), "\"" + name + "\" is already listed");
      }
      MetricSpec.Worse worse;
      try {
        worse = MetricSpec.Worse.of(m.optionalText("worse").orElse("higher"));
      } catch (IllegalArgumentException e) {
        throw new RuntimeConfigException(m.path("worse"), e.getMessage());
      }
      MetricSpec fallback = RolloutMetric.named(name).orElseThrow().defaults();
      out.add(
          new MetricSpec(
              name,
              worse,
              m.number("allowedRelative", fallback.allowedRelative(), 0, 1_000),
              m.number("allowedAbsolute", fallback.allowedAbsolute(), 0, 1e9),
              m.bool("critical", fallback.critical())));
    }
    return out;
  }

  private static JudgeSettings judge(ConfigNode top) throws RuntimeConfigException {
    if (!top.has("judge")) {
      return JudgeSettings.STANDARD;
    }
    ConfigNode j = ConfigNode.of(top.get("judge"), "judge", JUDGE);
    JudgeSettings d = JudgeSettings.STANDARD;
    double alpha = j.number("alpha", d.alpha(), 0, 1);
    if (alpha <= 0 || alpha >= 1) {
      throw new RuntimeConfigException(j.path("alpha"), "must be between 0 and 1 (exclusive)");
    }
    double pass = j.number("pass", d.pass(), 0, 100);
    double marginal = j.number("marginal", Math.min(d.marginal(), pass), 0, 100);
    if (marginal > pass) {
      throw new RuntimeConfigException(
          j.path("marginal"), "must not be more than judge.pass (" + pass + ")");
    }
    int minSamples = j.integer("minSamples", d.minSamples(), 2, 10_000);
    return new JudgeSettings(alpha, pass, marginal, minSamples);
  }
}
