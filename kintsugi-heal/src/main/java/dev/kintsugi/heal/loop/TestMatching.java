package dev.kintsugi.heal.loop;

import dev.kintsugi.core.signal.TestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How the build's test outcomes and the fast path's are matched, and which judge candidates. */
final class TestMatching {

  private TestMatching() {}

  /** Worker outcomes of the tests Maven reported failing, matched by class and method name. */
  static List<TestOutcome> matchFailing(List<TestOutcome> maven, List<TestOutcome> worker) {
    List<TestOutcome> matched = new ArrayList<>();
    for (TestOutcome o : worker) {
      if (o.failed() && maven.stream().anyMatch(m -> sameTest(m, o))) {
        matched.add(o);
      }
    }
    return matched;
  }

  /**
   * Whether the worker's outcome belongs to the build's: the same method, or any method of the
   * class when the build has a class-level outcome only (a fork that died, a failing
   * {@code @BeforeAll}).
   */
  static boolean sameTest(TestOutcome build, TestOutcome worker) {
    if (!build.id().className().equals(worker.id().className())) {
      return false;
    }
    String method = build.id().baseMethodName();
    return method.isEmpty() || method.equals(worker.id().baseMethodName());
  }

  /** {@code class#method}, invocations of a parameterized or dynamic test folded into one. */
  static String methodKey(TestOutcome o) {
    return o.id().className() + "#" + o.id().baseMethodName();
  }

  /**
   * The worker's outcomes of the tests that judge candidates. Not those that need an unreachable
   * service (they fail for every candidate), nor those the build passed and the worker failed — a
   * timing-dependent test, e.g. one that sleeps 120 ms for asynchronous messages, slower under
   * JaCoCo — which would refuse every candidate it runs for: the confirm build judges them.
   */
  static List<TestOutcome> judging(
      List<TestOutcome> build, List<TestOutcome> worker, Set<String> serviceTests) {
    Set<String> passedInBuild = new HashSet<>();
    build.stream().filter(o -> !o.failed()).forEach(o -> passedInBuild.add(methodKey(o)));
    return worker.stream()
        .filter(o -> !serviceTests.contains(methodKey(o)))
        .filter(o -> !(o.failed() && passedInBuild.contains(methodKey(o))))
        .toList();
  }

  /** Ten times the slowest test of the coverage run, at least 2 s, at most 60 s. */
  static Duration perTestTimeout(List<TestOutcome> baseline) {
    long slowest = baseline.stream().mapToLong(TestOutcome::millis).max().orElse(0);
    return Duration.ofMillis(Math.max(2_000, Math.min(60_000, slowest * 10 + 1_000)));
  }
}
