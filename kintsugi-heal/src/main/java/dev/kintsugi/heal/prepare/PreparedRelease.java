package dev.kintsugi.heal.prepare;

import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One commit of a repository, built and tested once so that every heal of it starts from there: the
 * exported tree with its build output ({@code target/}: compiled main and test classes, the test
 * classpath file), the resolved layout, the build's test outcomes and each test's coverage from the
 * worker.
 *
 * @param commit the commit id
 * @param tree the prepared tree (read only: heals copy its build output into their own workspace)
 * @param layout the project's layout inside {@code tree}
 * @param build the outcomes of the project's own build ({@code mvn test}) of the commit
 * @param coverage every test of the tested module run once in the worker, with its coverage
 * @param warnings what the preparation noticed, repeated in every heal's report
 */
public record PreparedRelease(
    String commit,
    Path tree,
    ProjectLayout layout,
    TestRunResult build,
    CoverageRun coverage,
    List<String> warnings) {

  public PreparedRelease {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(build, "build");
    Objects.requireNonNull(coverage, "coverage");
    warnings = List.copyOf(warnings);
  }
}
