package dev.kintsugi.heal.validate;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.heal.Text;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast path's test bench: candidates compiled in process and their tests run in the warm worker
 * JVMs, stopping at the first failure. Counts which ran warm and why others did not, for the
 * report. Thread-safe: candidates are validated in parallel.
 */
public final class WorkerBench implements TestBench {

  private final TestExecutor executor;
  private final ProjectLayout layout;
  private final Duration perTestTimeout;
  private final AtomicInteger warm = new AtomicInteger();
  private final Map<String, Integer> coldReasons = new ConcurrentHashMap<>();
  private final Map<String, Integer> renewals = new ConcurrentHashMap<>();

  public WorkerBench(TestExecutor executor, ProjectLayout layout, Duration perTestTimeout) {
    this.executor = executor;
    this.layout = layout;
    this.perTestTimeout = perTestTimeout;
  }

  @Override
  public CandidateRun run(Map<String, String> changedSources, List<TestId> testsInOrder) {
    CandidateRun run =
        executor.runCandidate(layout, changedSources, testsInOrder, perTestTimeout, true);
    if (run.warm()) {
      warm.incrementAndGet();
    }
    if (!run.warmNote().isEmpty()) {
      // Cold although warm was possible, or warm after renewing the session.
      (run.warm() ? renewals : coldReasons).merge(Text.firstLine(run.warmNote()), 1, Integer::sum);
    }
    return run;
  }

  /** Candidates whose tests ran in a warm session. */
  public int warmRuns() {
    return warm.get();
  }

  /** Why candidates ran cold although they could have run warm, and warm sessions renewed. */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    if (!coldReasons.isEmpty()) {
      out.add(
          total(coldReasons)
              + " candidate(s) ran in a fresh class loader instead of the warm session: "
              + firstReasons(coldReasons));
    }
    if (!renewals.isEmpty()) {
      out.add(
          "the warm session was renewed "
              + total(renewals)
              + " time(s): "
              + firstReasons(renewals));
    }
    return out;
  }

  private static int total(Map<String, Integer> tally) {
    return tally.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Up to three of the tallied reasons, sorted. */
  private static String firstReasons(Map<String, Integer> tally) {
    return String.join("; ", tally.keySet().stream().sorted().limit(3).toList());
  }
}
