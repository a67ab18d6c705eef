package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sample project's own build (confined, as in a heal) and the worker's coverage run of it, with
 * their verdicts folded per test method as the heal loop's agreement check folds them.
 */
record BuildAndWorker(TestRunResult build, ProjectLayout layout, CoverageRun coverage) {

  static BuildAndWorker run(Path dir, Path temp, Map<String, String> files) throws Exception {
    Sandbox sandbox = Sandbox.open(SandboxPolicy.defaults().withWritable(dir, temp));
    MavenProject project = new MavenProject(SampleProjects.write(dir, files), sandbox);
    TestRunResult build = project.runTests(Optional.empty(), Duration.ofMinutes(3));
    ProjectLayout layout = project.resolveLayout(Duration.ofMinutes(3));
    try (TestExecutor executor = new TestExecutor(temp, 1, sandbox)) {
      return new BuildAndWorker(
          build, layout, executor.runAllWithCoverage(layout, Duration.ofMinutes(2)));
    }
  }

  /** {@code class#method} → the worst status of its invocations in the build. */
  Map<String, TestStatus> buildVerdicts() {
    return fold(build.outcomes());
  }

  /** {@code class#method} → the worst status of its invocations in the worker. */
  Map<String, TestStatus> workerVerdicts() {
    return fold(coverage.outcomes());
  }

  private static Map<String, TestStatus> fold(List<TestOutcome> outcomes) {
    Map<String, TestStatus> folded = new TreeMap<>();
    for (TestOutcome o : outcomes) {
      String name = o.id().className() + "#" + base(o.id().methodName());
      // Failures (either kind) count as one verdict: JUnit and Surefire draw the line between
      // FAILED and ERROR by exception type, and both fail the build.
      TestStatus status = o.failed() ? TestStatus.FAILED : o.status();
      folded.merge(name, status, (a, b) -> a == TestStatus.FAILED ? a : b);
    }
    return folded;
  }

  private static String base(String name) {
    int cut = name.length();
    for (char c : new char[] {'(', '['}) {
      int i = name.indexOf(c);
      cut = i >= 0 ? Math.min(cut, i) : cut;
    }
    return name.substring(0, cut).strip();
  }
}
