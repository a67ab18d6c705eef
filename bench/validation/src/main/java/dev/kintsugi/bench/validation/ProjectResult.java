package dev.kintsugi.bench.validation;

import dev.kintsugi.bench.validation.ValidationBench.Measured;
import dev.kintsugi.bench.validation.ValidationBench.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the benchmark measured on one project. */
final class ProjectResult {

  final String id;
  final String junit;
  double mvnColdSeconds;
  double mvnSeconds;
  int mvnTests;
  double coverageSeconds;
  int testIds;
  List<Measured> candidates = List.of();
  int workerJvms;
  double validateWallSeconds;
  double fullSuiteSeconds;
  boolean fullSuitePassed;
  int fullSuiteTests;
  List<Verdict> verdicts = List.of();

  ProjectResult(String id, String junit) {
    this.id = id;
    this.junit = junit;
  }

  /** Seconds of each candidate that compiled and ran tests. */
  List<Double> testedSeconds() {
    return candidates.stream().filter(m -> m.run().compiled()).map(Measured::seconds).toList();
  }

  /** The first tested candidate pays for starting the worker JVM. */
  double firstTestedSeconds() {
    return testedSeconds().isEmpty() ? Double.NaN : testedSeconds().get(0);
  }

  long tested() {
    return candidates.stream().filter(m -> m.run().compiled()).count();
  }

  long plausible() {
    return candidates.stream().filter(m -> m.run().allPassed()).count();
  }

  double medianTested() {
    return Stats.median(testedSeconds());
  }

  double ratio() {
    return mvnSeconds / medianTested();
  }

  void print() {
    System.out.printf(
        Locale.ROOT,
        "%d candidates, %d tested, %d plausible, %d worker JVM(s); per tested candidate: median"
            + " %.3f s, p90 %.3f s, first %.3f s; median compile %.0f ms -> ratio %.0fx%n",
        candidates.size(),
        tested(),
        plausible(),
        workerJvms,
        medianTested(),
        Stats.percentile(testedSeconds(), 0.9),
        firstTestedSeconds(),
        Stats.median(candidates.stream().map(m -> (double) m.run().compileMillis()).toList()),
        ratio());
    System.out.printf(
        Locale.ROOT,
        "throughput: %d candidates in %.2f s wall = %.3f s per candidate%n",
        candidates.size(),
        validateWallSeconds,
        validateWallSeconds / Math.max(1, candidates.size()));
  }

  Json json() {
    List<Json> runs = new ArrayList<>();
    for (Measured m : candidates) {
      runs.add(
          Json.object()
              .put("description", m.candidate().description())
              .put("compiled", m.run().compiled())
              .put("passed", m.run().allPassed())
              .put("testsRun", m.run().outcomes().size())
              .put("seconds", m.seconds())
              .put("compileMs", m.run().compileMillis())
              .put("testMs", m.run().testMillis())
              .put("workerPids", m.run().workerPids()));
    }
    List<Json> verdictJson = new ArrayList<>();
    for (Verdict v : verdicts) {
      verdictJson.add(
          Json.object()
              .put("description", v.description())
              .put("fastPassed", v.fastPassed())
              .put("slowPassed", v.slowPassed())
              .put("slowSeconds", v.slowSeconds()));
    }
    return Json.object()
        .put("id", id)
        .put("junit", junit)
        .put("mvnSeconds", mvnSeconds)
        .put("mvnFirstRunSeconds", mvnColdSeconds)
        .put("mvnTests", mvnTests)
        .put("coverageSeconds", coverageSeconds)
        .put("testIds", testIds)
        .put("candidates", candidates.size())
        .put("tested", tested())
        .put("plausible", plausible())
        .put("workerJvms", workerJvms)
        .put("validateWallSeconds", validateWallSeconds)
        .put("medianTestedSeconds", medianTested())
        .put("p90TestedSeconds", Stats.percentile(testedSeconds(), 0.9))
        .put("firstTestedSeconds", firstTestedSeconds())
        .put("ratio", ratio())
        .put("fullSuiteSeconds", fullSuiteSeconds)
        .put("fullSuitePassed", fullSuitePassed)
        .put("fullSuiteTestIds", fullSuiteTests)
        .put("verdicts", Json.array(verdictJson))
        .put("runs", Json.array(runs));
  }
}
