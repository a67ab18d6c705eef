package dev.kintsugi.heal.validate;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import java.util.List;
import java.util.Map;

/** Compiles a candidate's changed sources and runs tests against it, in the given order. */
@FunctionalInterface
public interface TestBench {

  /**
   * @param changedSources repository-relative path → new content
   * @param testsInOrder tests to run; the run stops at the first failure
   */
  CandidateRun run(Map<String, String> changedSources, List<TestId> testsInOrder);
}
