package dev.kintsugi.bench.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Figures over all measured projects. */
record Summary(
    double medianMvnSeconds,
    double medianTestedSeconds,
    double ratio,
    double geometricMeanRatio,
    double worstRatio,
    long tested,
    long candidates,
    int compared,
    int agreed) {

  static Summary of(List<ProjectResult> projects) {
    List<Double> mvn = new ArrayList<>();
    List<Double> tested = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    long candidates = 0;
    int compared = 0;
    int agreed = 0;
    for (ProjectResult p : projects) {
      mvn.add(p.mvnSeconds);
      tested.addAll(p.testedSeconds());
      if (!p.testedSeconds().isEmpty()) {
        ratios.add(p.ratio());
      }
      candidates += p.candidates.size();
      compared += p.verdicts.size();
      agreed += (int) p.verdicts.stream().filter(ValidationBench.Verdict::agrees).count();
    }
    double medianMvn = Stats.median(mvn);
    double medianTested = Stats.median(tested);
    return new Summary(
        medianMvn,
        medianTested,
        medianMvn / medianTested,
        Stats.geometricMean(ratios),
        ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        tested.size(),
        candidates,
        compared,
        agreed);
  }

  void print(List<ProjectResult> projects) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-32s %5s %6s %7s %6s %6s %5s %9s %8s %7s %9s %8s %8s%n",
        "project",
        "junit",
        "tests",
        "mvn s",
        "cands",
        "tested",
        "plaus",
        "median s",
        "first s",
        "ratio",
        "suite s",
        "suite x",
        "verdicts");
    for (ProjectResult p : projects) {
      long same = p.verdicts.stream().filter(ValidationBench.Verdict::agrees).count();
      System.out.printf(
          Locale.ROOT,
          "%-32s %5s %6d %7.2f %6d %6d %5d %9.3f %8.3f %6.0fx %9.3f %7.0fx %8s%n",
          p.id,
          p.junit,
          p.mvnTests,
          p.mvnSeconds,
          p.candidates.size(),
          p.tested(),
          p.plausible(),
          p.medianTested(),
          p.firstTestedSeconds(),
          p.ratio(),
          p.fullSuiteSeconds,
          p.mvnSeconds / p.fullSuiteSeconds,
          p.verdicts.isEmpty() ? "-" : same + "/" + p.verdicts.size());
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "mvn -q -o test: median %.2f s per project; fast path: median %.3f s per tested candidate"
            + " (%d tested of %d candidates)%n",
        medianMvnSeconds,
        medianTestedSeconds,
        tested,
        candidates);
    System.out.printf(
        Locale.ROOT,
        "RATIO = %.0fx (median mvn / median tested candidate); per project: geometric mean %.0fx,"
            + " worst %.0fx%n",
        ratio,
        geometricMeanRatio,
        worstRatio);
    System.out.printf(Locale.ROOT, "VERDICTS: %d/%d agree with mvn -q -o test%n", agreed, compared);
  }

  Json json() {
    return Json.object()
        .put("medianMvnSeconds", medianMvnSeconds)
        .put("medianTestedSeconds", medianTestedSeconds)
        .put("ratio", ratio)
        .put("geometricMeanRatio", geometricMeanRatio)
        .put("worstRatio", worstRatio)
        .put("tested", tested)
        .put("candidates", candidates)
        .put("verdictsCompared", compared)
        .put("verdictsAgreed", agreed);
  }
}
