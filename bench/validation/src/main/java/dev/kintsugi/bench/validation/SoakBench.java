package dev.kintsugi.bench.validation;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs many candidates of one corpus project through one warm worker, to see whether per-candidate
 * cost or the worker's memory drifts over a long heal. Prints, per block of candidates, the median
 * seconds per candidate, the worker's resident memory and which worker JVM served them. Usage:
 * {@code SoakBench CORPUS_DIR PROJECT_ID CANDIDATES}.
 */
public final class SoakBench {

  private static final int BLOCK = 50;

  private SoakBench() {}

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]).resolve(args[1]).toAbsolutePath();
    int total = Integer.parseInt(args[2]);
    Path work = Files.createTempDirectory("kintsugi-soak-");
    try {
      Path root = work.resolve(args[1]);
      Files2.copyProject(source, root);
      ProjectLayout layout = new MavenProject(root).resolveLayout(Duration.ofMinutes(10));
      try (TestExecutor executor = new TestExecutor(work.resolve("exec"), 1)) {
        CoverageRun coverage = executor.runAllWithCoverage(layout, Duration.ofMinutes(10));
        List<TestOutcome> failing =
            coverage.outcomes().stream().filter(TestOutcome::failed).toList();
        Diagnosis diagnosis =
            new FaultLocalizer(SourceIndex.scan(root, layout.mainSourceRoots()))
                .localize(failing, coverage.outcomes(), coverage.coverage());
        List<Candidate> candidates =
            new TemplateRepairer().propose(new RepairRequest(root, diagnosis, failing, 2, 25));
        TestOrder order =
            new TestOrder(
                failing.stream().map(TestOutcome::id).toList(),
                coverage.outcomes(),
                coverage.coverage());
        System.out.printf(
            Locale.ROOT,
            "%s: %d distinct candidates, cycled to %d%n",
            args[1],
            candidates.size(),
            total);
        List<Double> block = new ArrayList<>();
        for (int n = 1; n <= total; n++) {
          Candidate candidate = candidates.get((n - 1) % candidates.size());
          Map<String, String> sources = new HashMap<>();
          Map<String, FileChange> changes = new HashMap<>();
          for (FileChange change : candidate.changes()) {
            sources.put(change.file(), change.after());
            changes.put(change.file(), change);
          }
          long start = System.nanoTime();
          CandidateRun run =
              executor.runCandidate(
                  layout,
                  sources,
                  order.order(sources.keySet(), changes),
                  Duration.ofSeconds(2),
                  true);
          block.add(ValidationBench.seconds(start));
          if (n % BLOCK == 0) {
            long pid = run.workerPids().isEmpty() ? -1 : run.workerPids().get(0);
            System.out.printf(
                Locale.ROOT,
                "candidates %4d-%4d: median %.3f s, p90 %.3f s, worker %d RSS %s%n",
                n - BLOCK + 1,
                n,
                Stats.median(block),
                Stats.percentile(block, 0.9),
                pid,
                rss(pid));
            block.clear();
          }
        }
      }
    } finally {
      Files2.deleteTree(work);
    }
  }

  private static String rss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> line.substring("VmRSS:".length()).strip())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
