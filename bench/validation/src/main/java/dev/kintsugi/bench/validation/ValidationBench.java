package dev.kintsugi.bench.validation;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.java.localize.FaultLocalizer;
import dev.kintsugi.java.localize.SourceIndex;
import dev.kintsugi.java.repair.TemplateRepairer;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.maven.MavenProject;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures fast validation against the slow path on corpus projects, in one run: for each project,
 * times plain {@code mvn -q -o test} (what validating one candidate with the project's build
 * costs), generates candidates the way a heal does (coverage run, fault localization, template
 * repairs of rounds 1 and 2), validates each with {@link TestExecutor#runCandidate} in a warm
 * worker and times it; prints ratio = mvn seconds / median seconds per tested candidate. Then, on a
 * sample of candidates, applies each to a copy and runs {@code mvn -q -o test} to check the slow
 * path gives the same pass/fail verdict.
 *
 * <p>Usage: see {@code bench/validation/run.sh} and {@link Options}.
 */
public final class ValidationBench {

  private static final Duration MVN_TIMEOUT = Duration.ofMinutes(10);
  private static final int[] LOCATIONS_PER_ROUND = {10, 25};

  private final Options options;
  private final Path work;
  private final Json results = Json.object();

  private ValidationBench(Options options, Path work) {
    this.options = options;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("kintsugi-validation-bench-");
    try {
      int status = new ValidationBench(options, work).run();
      System.exit(status);
    } finally {
      if (!options.keepTemp()) {
        Files2.deleteTree(work);
      } else {
        System.out.println("kept " + work);
      }
    }
  }

  private int run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "validation bench: %d project(s), %d worker(s), %d cores, up to %d candidates each%n",
        options.projects().size(),
        options.workers(),
        Runtime.getRuntime().availableProcessors(),
        options.maxCandidates());
    List<ProjectResult> projects = new ArrayList<>();
    List<Json> projectJson = new ArrayList<>();
    for (String id : options.projects()) {
      ProjectResult result = measure(id, options.corpus().resolve(id), 1);
      projects.add(result);
      projectJson.add(result.json());
    }
    for (int scale : options.scales()) {
      String id = options.scaleProject();
      ProjectResult result = measure(id, options.corpus().resolve(id), scale);
      projects.add(result);
      projectJson.add(result.json());
    }
    Summary summary = Summary.of(projects);
    summary.print(projects);
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("workers", options.workers());
    results.put("projects", Json.array(projectJson));
    results.put("summary", summary.json());
    Files.createDirectories(options.out().getParent());
    Files.writeString(options.out(), results.toString() + "\n", StandardCharsets.UTF_8);
    System.out.println("results: " + options.out());
    return summary.agreed() == summary.compared() ? 0 : 1;
  }

  private ProjectResult measure(String id, Path source, int scale) throws Exception {
    String name = scale == 1 ? id : id + "-x" + scale;
    System.out.println();
    System.out.println("== " + name);
    Map<String, String> bug = Files2.properties(source.resolve("bug.properties"));
    Path root = work.resolve(name);
    Files2.copyProject(source, root);
    if (scale > 1) {
      TestScaler.replicate(root, scale);
    }
    ProjectResult result = new ProjectResult(name, bug.getOrDefault("junit", "?"));

    // Slow path: the project's own build, as validating a candidate with it would cost. The first
    // run also fills target/; the second, after touching the buggy file, is what one candidate
    // costs (Maven recompiles the module and runs every test).
    Mvn.Run first = Mvn.test(root, MVN_TIMEOUT);
    Files2.touch(root.resolve(bug.get("buggyFile")));
    Mvn.Run second = Mvn.test(root, MVN_TIMEOUT);
    result.mvnColdSeconds = first.seconds();
    result.mvnSeconds = second.seconds();
    result.mvnTests = second.tests();
    System.out.printf(
        Locale.ROOT,
        "mvn -q -o test: %.2f s (first run %.2f s), %d tests, exit %d%n",
        second.seconds(),
        first.seconds(),
        second.tests(),
        second.exitCode());

    ProjectLayout layout = new MavenProject(root).resolveLayout(MVN_TIMEOUT);
    try (TestExecutor executor =
        new TestExecutor(work.resolve("exec-" + name), options.workers())) {
      // As a heal should: start the workers and warm the compiler while the coverage run goes.
      executor.warmUp(layout);
      long coverageStart = System.nanoTime();
      CoverageRun coverage = executor.runAllWithCoverage(layout, Duration.ofMinutes(10));
      result.coverageSeconds = seconds(coverageStart);
      List<TestOutcome> failing = coverage.outcomes().stream().filter(TestOutcome::failed).toList();
      result.testIds = coverage.outcomes().size();
      Diagnosis diagnosis =
          new FaultLocalizer(SourceIndex.scan(root, layout.mainSourceRoots()))
              .localize(failing, coverage.outcomes(), coverage.coverage());
      List<Candidate> candidates = candidates(root, diagnosis, failing);
      TestOrder order =
          new TestOrder(
              failing.stream().map(TestOutcome::id).toList(),
              coverage.outcomes(),
              coverage.coverage());
      Duration perTest = perTestTimeout(coverage.outcomes());
      System.out.printf(
          Locale.ROOT,
          "coverage run %.2f s, %d test ids (%d failing), %d candidates%n",
          result.coverageSeconds,
          coverage.outcomes().size(),
          failing.size(),
          candidates.size());

      long validateStart = System.nanoTime();
      List<Measured> measured = validate(executor, layout, candidates, order, perTest);
      result.validateWallSeconds = seconds(validateStart);
      result.candidates = measured;
      Set<Long> pids = new LinkedHashSet<>();
      measured.forEach(m -> pids.addAll(m.run().workerPids()));
      result.workerJvms = pids.size();

      // A full-suite validation: the reference fix passes every test, so nothing stops early.
      Map<String, String> fixed = Files2.referenceFix(source, root, work.resolve(name + "-fix"));
      List<TestId> all = order.order(Set.copyOf(fixed.keySet()), Map.of());
      long fixStart = System.nanoTime();
      CandidateRun fixRun = executor.runCandidate(layout, fixed, all, perTest, true);
      result.fullSuiteSeconds = seconds(fixStart);
      result.fullSuitePassed = fixRun.allPassed();
      result.fullSuiteTests = fixRun.outcomes().size();
      System.out.printf(
          Locale.ROOT,
          "reference fix: %s, %d test ids in %.3f s (compile %d ms)%n",
          fixRun.allPassed() ? "passes" : "FAILS",
          fixRun.outcomes().size(),
          result.fullSuiteSeconds,
          fixRun.compileMillis());

      if (options.verdictProjects().contains(id) && scale == 1) {
        result.verdicts = compareVerdicts(source, name, measured, fixed, fixRun);
      }
    }
    result.print();
    return result;
  }

  /** Rounds 1 and 2 of template repair, deduplicated, best score first, as a heal tries them. */
  private List<Candidate> candidates(Path root, Diagnosis diagnosis, List<TestOutcome> failing) {
    TemplateRepairer repairer = new TemplateRepairer();
    Map<String, Candidate> unique = new LinkedHashMap<>();
    for (int round = 1; round <= LOCATIONS_PER_ROUND.length; round++) {
      List<Candidate> proposed =
          new ArrayList<>(
              repairer.propose(
                  new RepairRequest(
                      root, diagnosis, failing, round, LOCATIONS_PER_ROUND[round - 1])));
      proposed.sort((a, b) -> Double.compare(b.score(), a.score()));
      for (Candidate candidate : proposed) {
        StringBuilder key = new StringBuilder();
        candidate.changes().forEach(c -> key.append(c.file()).append('\0').append(c.after()));
        unique.putIfAbsent(key.toString(), candidate);
      }
    }
    return unique.values().stream().limit(options.maxCandidates()).toList();
  }

  private List<Measured> validate(
      TestExecutor executor,
      ProjectLayout layout,
      List<Candidate> candidates,
      TestOrder order,
      Duration perTest)
      throws Exception {
    List<Measured> measured = new ArrayList<>();
    if (options.threads() <= 1) {
      for (Candidate candidate : candidates) {
        measured.add(validateOne(executor, layout, candidate, order, perTest));
      }
      return measured;
    }
    ExecutorService threads = Executors.newFixedThreadPool(options.threads());
    try {
      List<Future<Measured>> futures = new ArrayList<>();
      for (Candidate candidate : candidates) {
        futures.add(threads.submit(() -> validateOne(executor, layout, candidate, order, perTest)));
      }
      for (Future<Measured> future : futures) {
        measured.add(future.get());
      }
    } finally {
      threads.shutdownNow();
    }
    return measured;
  }

  private static Measured validateOne(
      TestExecutor executor,
      ProjectLayout layout,
      Candidate candidate,
      TestOrder order,
      Duration perTest) {
    Map<String, String> sources = new HashMap<>();
    Map<String, FileChange> changes = new HashMap<>();
    for (FileChange change : candidate.changes()) {
      sources.put(change.file(), change.after());
      changes.put(change.file(), change);
    }
    List<TestId> tests = order.order(sources.keySet(), changes);
    long start = System.nanoTime();
    CandidateRun run = executor.runCandidate(layout, sources, tests, perTest, true);
    return new Measured(candidate, run, seconds(start));
  }

  /**
   * Applies sampled candidates to a copy of the project and runs {@code mvn -q -o test}: the
   * verdict (pass = exit 0) must equal the fast path's {@link CandidateRun#allPassed()}.
   */
  private List<Verdict> compareVerdicts(
      Path source,
      String name,
      List<Measured> measured,
      Map<String, String> fixed,
      CandidateRun fixRun)
      throws IOException, InterruptedException {
    Path copy = work.resolve(name + "-slow");
    Files2.copyProject(source, copy);
    List<Verdict> verdicts = new ArrayList<>();
    List<Measured> sample = Sample.pick(measured, options.verdictSample());
    for (Measured m : sample) {
      Map<String, String> after = new HashMap<>();
      m.candidate().changes().forEach(c -> after.put(c.file(), c.after()));
      verdicts.add(slowVerdict(copy, m.candidate().description(), after, m.run().allPassed()));
    }
    verdicts.add(slowVerdict(copy, "reference fix (fix.diff)", fixed, fixRun.allPassed()));
    long agreed = verdicts.stream().filter(Verdict::agrees).count();
    System.out.printf(Locale.ROOT, "verdicts: %d/%d agree%n", agreed, verdicts.size());
    return verdicts;
  }

  private static Verdict slowVerdict(
      Path copy, String description, Map<String, String> after, boolean fastPassed)
      throws IOException, InterruptedException {
    Map<String, String> before = new HashMap<>();
    for (Map.Entry<String, String> file : after.entrySet()) {
      Path path = copy.resolve(file.getKey());
      before.put(file.getKey(), Files.readString(path, StandardCharsets.UTF_8));
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
    }
    try {
      Mvn.Run run = Mvn.test(copy, MVN_TIMEOUT);
      Verdict verdict = new Verdict(description, fastPassed, run.exitCode() == 0, run.seconds());
      System.out.printf(
          Locale.ROOT,
          "  %-5s fast=%s slow=%s (%.1f s) %s%n",
          verdict.agrees() ? "same" : "DIFF",
          fastPassed ? "pass" : "fail",
          verdict.slowPassed() ? "pass" : "fail",
          run.seconds(),
          description);
      return verdict;
    } finally {
      for (Map.Entry<String, String> file : before.entrySet()) {
        Files.writeString(copy.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Ten times the slowest test of the coverage run, 2 to 60 s: the heal loop's rule. */
  private static Duration perTestTimeout(List<TestOutcome> baseline) {
    long slowest = baseline.stream().mapToLong(TestOutcome::millis).max().orElse(0);
    return Duration.ofMillis(Math.max(2_000, Math.min(60_000, slowest * 10 + 1_000)));
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** One validated candidate. */
  record Measured(Candidate candidate, CandidateRun run, double seconds) {}

  /** Fast and slow verdicts of one candidate. */
  record Verdict(String description, boolean fastPassed, boolean slowPassed, double slowSeconds) {
    boolean agrees() {
      return fastPassed == slowPassed;
    }
  }

  /** Command-line options. */
  record Options(
      Path corpus,
      List<String> projects,
      List<String> verdictProjects,
      int verdictSample,
      int maxCandidates,
      int workers,
      int threads,
      String scaleProject,
      List<Integer> scales,
      Path out,
      boolean keepTemp) {

    static Options parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      boolean keep = false;
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--keep-temp")) {
          keep = true;
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          values.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unexpected argument: " + args[i]);
        }
      }
      Path corpus = Path.of(values.getOrDefault("corpus", "bench/corpus")).toAbsolutePath();
      return new Options(
          corpus,
          list(values.getOrDefault("projects", String.join(",", DEFAULT_PROJECTS))),
          list(values.getOrDefault("verdict-projects", String.join(",", DEFAULT_VERDICTS))),
          Integer.parseInt(values.getOrDefault("verdict-sample", "5")),
          Integer.parseInt(values.getOrDefault("max-candidates", "60")),
          Integer.parseInt(
              values.getOrDefault("workers", Integer.toString(TestExecutor.defaultWorkers()))),
          Integer.parseInt(values.getOrDefault("threads", "1")),
          values.getOrDefault("scale-project", "b25-calendar-leap-years"),
          list(values.getOrDefault("scales", "")).stream().map(Integer::parseInt).toList(),
          Path.of(values.getOrDefault("out", "bench/validation/out/results.json")).toAbsolutePath(),
          keep);
    }

    private static List<String> list(String text) {
      return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
  }

  static final List<String> DEFAULT_PROJECTS =
      List.of(
          "b01-discount-boundary",
          "b04-rate-limiter-window",
          "b07-booking-overlap",
          "b09-http-status-switch",
          "b12-reorder-negation",
          "b16-shard-router-abs",
          "b20-moving-average-bound",
          "b22-retry-backoff-operator",
          "b25-calendar-leap-years",
          "b28-text-truncate-off-by-one");

  static final List<String> DEFAULT_VERDICTS =
      List.of(
          "b01-discount-boundary",
          "b04-rate-limiter-window",
          "b16-shard-router-abs",
          "b25-calendar-leap-years");
}
