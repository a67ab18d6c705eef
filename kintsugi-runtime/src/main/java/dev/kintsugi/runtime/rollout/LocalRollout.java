package dev.kintsugi.runtime.rollout;

import dev.kintsugi.runtime.KintsugiClient;
import dev.kintsugi.runtime.action.LocalProcesses;
import dev.kintsugi.runtime.canary.CanaryJudge;
import dev.kintsugi.runtime.canary.Comparison;
import dev.kintsugi.runtime.canary.Judgement;
import dev.kintsugi.runtime.canary.MetricSpec;
import dev.kintsugi.runtime.canary.Verdict;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A canary rollout on one machine, for services not on Kubernetes: the proxy in front of the
 * running (stable) version, the new version started beside it, traffic shifted to it step by step,
 * each step judged by {@link CanaryJudge} against the stable over the same time; promoted when the
 * last step passes, rolled back (no traffic to the canary, its process stopped) on a failure or too
 * many inconclusive judgements.
 *
 * <pre>{@code
 * try (LocalRollout rollout = LocalRollout.open(config, System.out::println)) {
 *   URI proxy = rollout.proxyUrl();   // send traffic here
 *   RolloutReport report = rollout.run();
 * }
 * }</pre>
 *
 * <p>The stable's process is not Kintsugi's: it is never started nor stopped. A promoted canary
 * keeps running (it is the new version); the proxy stops with {@link #close()}, so traffic must
 * then go to the canary's own URL. Requests are split per request, not per client.
 */
public final class LocalRollout implements AutoCloseable {

  /** How often a waiting step checks that the canary is still up. */
  private static final long POLL_MILLIS = 100;

  private final RolloutConfig config;
  private final Clock clock;
  private final Map<String, String> baseEnv;
  private final Consumer<String> progress;
  private final WeightedProxy proxy;
  private final CanaryJudge judge;
  private final Optional<IncidentContext> incidents;
  private volatile Process canary;
  private boolean ran;
  private volatile boolean promoted;

  private LocalRollout(
      RolloutConfig config, Clock clock, Map<String, String> baseEnv, Consumer<String> progress)
      throws IOException {
    this.config = config;
    this.clock = clock;
    this.baseEnv = Map.copyOf(baseEnv);
    this.progress = progress;
    this.judge = config.judge().judge();
    Optional<IncidentContext> context = Optional.empty();
    if (config.kintsugi().isPresent()) {
      ServerContext server = config.kintsugi().get();
      String token = baseEnv.get(server.tokenEnv());
      if (token == null || token.isBlank()) {
        throw new IOException(
            "kintsugi.tokenEnv: the environment variable "
                + server.tokenEnv()
                + " (the Kintsugi server's admin token) is not set");
      }
      context =
          Optional.of(
              new IncidentContext(new KintsugiClient(server.url(), token), server, progress));
    }
    this.incidents = context;
    this.proxy =
        WeightedProxy.start(
            config.bind(),
            config.listen(),
            config.stable(),
            config.canary().url(),
            config.bucket(),
            clock);
  }

  /**
   * Starts the proxy (all traffic to the stable) for a rollout that {@link #run()} carries out.
   *
   * @param progress told each step and the decision, one line at a time
   * @throws IOException when the proxy cannot listen
   */
  public static LocalRollout open(RolloutConfig config, Consumer<String> progress)
      throws IOException {
    return open(config, System.getenv(), progress);
  }

  /**
   * As {@link #open(RolloutConfig, Consumer)}, with the environment the canary is started with (and
   * the Kintsugi server's token is read from).
   */
  public static LocalRollout open(
      RolloutConfig config, Map<String, String> env, Consumer<String> progress) throws IOException {
    return new LocalRollout(config, Clock.systemUTC(), env, progress);
  }

  /** Where users send traffic during the rollout. */
  public URI proxyUrl() {
    return proxy.url();
  }

  /** The proxy, for its weight and traffic. */
  public WeightedProxy proxy() {
    return proxy;
  }

  /**
   * Starts the canary, shifts traffic step by step and decides. Returns once promoted or rolled
   * back; a rollback leaves nothing running that it started.
   *
   * @throws InterruptedException after rolling back, when interrupted
   */
  public synchronized RolloutReport run() throws InterruptedException {
    if (ran) {
      throw new IllegalStateException("a rollout runs once");
    }
    ran = true;
    Run run = new Run(clock.instant());
    try {
      return run.carryOut();
    } catch (InterruptedException | RuntimeException e) {
      rollBack();
      throw e;
    }
  }

  /** Stops the proxy, and a canary that was not promoted. */
  @Override
  public void close() {
    try {
      if (!promoted) {
        rollBack();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      proxy.close();
    }
  }

  /** No traffic to the canary, its process (and any it started) stopped; says what it did. */
  private String rollBack() throws InterruptedException {
    proxy.canaryPercent(0);
    Process p = canary;
    if (p == null) {
      return "no canary process";
    }
    List<ProcessHandle> children = p.descendants().toList();
    String stopped = LocalProcesses.stop(p.toHandle(), config.canary().grace());
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    return stopped;
  }

  /** One rollout's state while it runs. */
  private final class Run {
    private final Instant start;
    private final List<StepReport> steps = new ArrayList<>();
    private long readyMillis = -1;
    private long servedFrom = -1;

    Run(Instant start) {
      this.start = start;
    }

    RolloutReport carryOut() throws InterruptedException {
      CanaryProcess spec = config.canary();
      say("starting the canary: " + String.join(" ", spec.command()));
      try {
        canary = LocalProcesses.start(spec.launch(), baseEnv);
      } catch (IOException e) {
        return end(Decision.ROLLED_BACK, "the canary could not start: " + e.getMessage());
      }
      Optional<String> notReady =
          LocalProcesses.awaitReady(
              canary,
              Optional.of(spec.readyUrl()),
              spec.readyTimeout(),
              spec.readyTimeout(),
              clock);
      if (notReady.isPresent()) {
        return rolledBack("the canary did not become ready: " + notReady.get());
      }
      readyMillis = sinceStart();
      say("canary pid " + canary.pid() + " ready in " + readyMillis + " ms at " + spec.url());
      servedFrom = clock.millis();
      int n = config.steps().size();
      for (int i = 0; i < n; i++) {
        int percent = config.steps().get(i);
        StepReport step = step(i + 1, n, percent);
        steps.add(step);
        Verdict v = step.judgement().verdict();
        if (v != Verdict.PASS) {
          return rolledBack(
              "step "
                  + (i + 1)
                  + " ("
                  + percent
                  + " %) "
                  + (v == Verdict.FAIL
                      ? "failed: " + step.judgement().reason()
                      : "stayed inconclusive after "
                          + step.judgements()
                          + " judgements: "
                          + step.judgement().reason()));
        }
      }
      proxy.canaryPercent(100);
      promoted = true;
      return end(
          Decision.PROMOTED,
          "all "
              + n
              + " steps passed; all traffic goes to the canary (pid "
              + canary.pid()
              + ", "
              + spec.url()
              + "), which keeps running; the stable's process is not Kintsugi's to stop");
    }

    /** Sends {@code percent} to the canary and judges, extending while inconclusive. */
    private StepReport step(int index, int of, int percent) throws InterruptedException {
      proxy.canaryPercent(percent);
      long stepStart = clock.millis();
      say(
          String.format(
              Locale.ROOT, "step %d/%d: %d %% of requests to the canary", index, of, percent));
      int judgements = 0;
      while (true) {
        long due = stepStart + (judgements + 1) * config.interval().toMillis();
        Optional<String> exited = waitUntil(due);
        judgements++;
        StepReport report = judged(percent, stepStart, judgements, exited);
        Judgement j = report.judgement();
        say(
            String.format(
                Locale.ROOT,
                "step %d/%d (%d %%): %s, score %.0f; %s%s",
                index,
                of,
                percent,
                j.verdict().wire(),
                j.score(),
                j.reason(),
                numbers(report)));
        if (j.verdict() != Verdict.INCONCLUSIVE || judgements > config.maxInconclusive()) {
          return report;
        }
      }
    }

    /** Sleeps until {@code due}; returns early, with why, if the canary exits. */
    private Optional<String> waitUntil(long due) throws InterruptedException {
      while (true) {
        if (!canary.isAlive()) {
          return Optional.of("the canary exited with code " + canary.exitValue());
        }
        long left = due - clock.millis();
        if (left <= 0) {
          return Optional.empty();
        }
        Thread.sleep(Math.min(left, POLL_MILLIS));
      }
    }

    private StepReport judged(int percent, long stepStart, int judgements, Optional<String> exited)
        throws InterruptedException {
      long now = clock.millis();
      List<TrafficBucket> canaryBuckets = proxy.traffic(Backend.CANARY).between(stepStart, now);
      List<TrafficBucket> stableBuckets = proxy.traffic(Backend.STABLE).between(stepStart, now);
      String baseline = "step";
      if (stableBuckets.size() < config.judge().minSamples()) {
        // At 100 % the stable serves nothing: compare with what it served since the start.
        stableBuckets = proxy.traffic(Backend.STABLE).between(start.toEpochMilli(), now);
        baseline = "rollout";
      }
      List<Comparison> comparisons = new ArrayList<>();
      for (MetricSpec spec : config.metrics()) {
        RolloutMetric metric = RolloutMetric.named(spec.name()).orElseThrow();
        comparisons.add(
            new Comparison(spec, metric.samples(stableBuckets), metric.samples(canaryBuckets)));
      }
      Judgement j = judge.judge(comparisons);
      if (exited.isPresent()) {
        j = j.failedBecause(exited.get());
      }
      if (incidents.isPresent()) {
        // Over the whole rollout: an error the canary raised at an earlier step may reach the
        // server only now.
        Optional<String> raised =
            incidents.get().failure(comparisons, Duration.ofMillis(now - start.toEpochMilli()));
        if (raised.isPresent()) {
          j =
              j.failedBecause(
                  j.verdict() == Verdict.FAIL ? j.reason() + "; " + raised.get() : raised.get());
        }
      }
      return new StepReport(
          percent,
          j,
          judgements,
          stepStart - start.toEpochMilli(),
          now - stepStart,
          baseline,
          StepReport.Served.of(stableBuckets),
          StepReport.Served.of(canaryBuckets));
    }

    private RolloutReport rolledBack(String reason) throws InterruptedException {
      proxy.canaryPercent(0);
      long decided = sinceStart();
      long served = servedFrom < 0 ? 0 : clock.millis() - servedFrom;
      String stopped = rollBack();
      return end(
          Decision.ROLLED_BACK,
          reason + "; rolled back: no traffic to the canary, " + stopped,
          decided,
          served);
    }

    private RolloutReport end(Decision decision, String reason) {
      return end(decision, reason, sinceStart(), servedFrom < 0 ? 0 : clock.millis() - servedFrom);
    }

    /**
     * @param decided when the decision took effect (the weight changed), after the start; a
     *     rollback's stopping of the canary comes after
     */
    private RolloutReport end(Decision decision, String reason, long decided, long served) {
      say(decision.wire() + " after " + decided + " ms: " + reason);
      return new RolloutReport(
          decision,
          reason,
          start,
          decided,
          readyMillis,
          served,
          canary == null ? OptionalLong.empty() : OptionalLong.of(canary.pid()),
          canary != null && canary.isAlive(),
          steps);
    }

    private long sinceStart() {
      return clock.millis() - start.toEpochMilli();
    }
  }

  /** The step's traffic and each metric's medians, for the progress line. */
  private static String numbers(StepReport step) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                " [stable %d req, %d err; canary %d req, %d err",
                step.stable().requests(),
                step.stable().errors(),
                step.canary().requests(),
                step.canary().errors()));
    step.judgement()
        .metrics()
        .forEach(
            m ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "; %s %s %.4g → %.4g",
                        m.name(),
                        m.verdict().wire(),
                        m.baselineMedian(),
                        m.canaryMedian())));
    return out.append(']').toString();
  }

  private void say(String line) {
    progress.accept(line);
  }
}
