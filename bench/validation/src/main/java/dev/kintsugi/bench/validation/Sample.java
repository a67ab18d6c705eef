package dev.kintsugi.bench.validation;

import dev.kintsugi.bench.validation.ValidationBench.Measured;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which candidates get the slow-path verdict check. */
final class Sample {

  private Sample() {}

  /**
   * Up to {@code n} candidates: the plausible ones first (at most two), one that did not compile,
   * then tested ones that failed, spread evenly over the list. Candidates that hung are left out:
   * Surefire has no default time limit, so the slow path would hang with them.
   */
  static List<Measured> pick(List<Measured> measured, int n) {
    Set<Measured> picked = new LinkedHashSet<>();
    measured.stream().filter(m -> m.run().allPassed()).limit(2).forEach(picked::add);
    measured.stream().filter(m -> !m.run().compiled()).limit(1).forEach(picked::add);
    List<Measured> failed =
        measured.stream()
            .filter(m -> m.run().compiled() && !m.run().allPassed() && !m.run().timedOut())
            .toList();
    int wanted = Math.max(0, n - picked.size());
    for (int i = 0; i < wanted && i < failed.size(); i++) {
      picked.add(failed.get((int) ((long) i * failed.size() / wanted)));
    }
    return new ArrayList<>(picked).subList(0, Math.min(n, picked.size()));
  }
}
