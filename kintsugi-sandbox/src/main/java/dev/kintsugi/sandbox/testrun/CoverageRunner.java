package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.sandbox.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The coverage run: discovers and runs all tests of a project once, in worker JVMs of its own with
 * the JaCoCo agent, and records which main-code lines each test executed. For a project with warm
 * contexts it builds them first and tells {@link WarmEligibility} which lines that ran.
 */
final class CoverageRunner {

  private final Path tempParent;
  private final WorkerLauncher launcher;
  private final WarmEligibility warm;

  CoverageRunner(Path tempParent, WorkerLauncher launcher, WarmEligibility warm) {
    this.tempParent = tempParent;
    this.launcher = launcher;
    this.warm = warm;
  }

  /** See {@link TestExecutor#runAllWithCoverage}. */
  CoverageRun run(ProjectLayout layout, Duration timeout) {
    return run(layout, Optional.empty(), timeout);
  }

  /**
   * Runs {@code only} (discovering nothing, building no context ahead: the startup lines of a build
   * come from its whole run), or every test when empty.
   */
  CoverageRun run(ProjectLayout layout, Optional<List<TestId>> only, Duration timeout) {
    Deadline deadline = Deadline.in(timeout);
    try (Scratch scratch = Scratch.create(tempParent)) {
      Path jar = BundledJars.extract(BundledJars.WORKER, scratch.dir());
      Optional<String> agent = jacocoAgent(layout, scratch.dir());
      AtomicInteger started = new AtomicInteger();
      WorkerSource fresh =
          WorkerSource.fresh(
              () ->
                  launcher.start(
                      layout,
                      jar,
                      agent,
                      false,
                      false,
                      scratch.dir(),
                      "worker-" + started.incrementAndGet()));
      try (TestBatch batch = new TestBatch(fresh, Optional.empty())) {
        Optional<Path> execDir = agent.map(a -> scratch.newDirectory("coverage"));
        Optional<TestBatch.Primed> primed = Optional.empty();
        if (only.isEmpty() && WarmEligibility.warmContexts(layout)) {
          // The contexts are built before any test, as a warm worker builds them: the lines that
          // ran meanwhile are the startup code a warm session cannot swap.
          primed = Optional.of(batch.prime(execDir.map(dir -> dir.resolve("prime")), deadline));
        }
        List<TestId> tests = only.isPresent() ? only.get() : batch.discover(deadline);
        TestBatch.Result result = batch.run(tests, timeout, false, execDir, deadline);
        Map<String, Set<Integer>> startup =
            primed
                .flatMap(TestBatch.Primed::execFile)
                .map(exec -> new CoverageMapper(layout).linesByFile(exec))
                .orElse(Map.of());
        List<String> unbuilt = primed.map(TestBatch.Primed::failed).orElse(List.of());
        // A context that failed to build stopped in the code that broke it, so the startup lines
        // are incomplete: without them no candidate is warm-eligible.
        boolean startupKnown = primed.isPresent() && agent.isPresent() && unbuilt.isEmpty();
        if (only.isEmpty()) {
          if (startupKnown) {
            warm.startupKnown(layout, startup);
          } else {
            warm.startupUnknown(layout);
          }
        }
        return new CoverageRun(
            result.outcomes(),
            coverage(
                layout,
                result,
                startup,
                primed.map(TestBatch.Primed::testClasses).map(Set::copyOf).orElse(Set.of())),
            unbuilt,
            startupKnown ? Optional.of(startup) : Optional.empty());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while running the tests of " + layout.root());
    }
  }

  /**
   * The JaCoCo agent option instrumenting only the project's main packages (in a reactor, those of
   * the tested module and its upstream siblings); empty when there are no main classes.
   */
  private static Optional<String> jacocoAgent(ProjectLayout layout, Path dir) {
    Set<String> includes = new TreeSet<>();
    for (Path classes : layout.allMainClasses()) {
      if (!Files.isDirectory(classes)) {
        continue; // an upstream module without main classes
      }
      try (Stream<Path> files = Files.walk(classes)) {
        files
            .filter(file -> file.getFileName().toString().endsWith(".class"))
            .map(classes::relativize)
            .forEach(
                file ->
                    includes.add(
                        file.getParent() == null
                            ? file.getFileName().toString().replace(".class", "")
                            : file.getParent()
                                    .toString()
                                    .replace(file.getFileSystem().getSeparator(), ".")
                                + ".*"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + classes, e);
      }
    }
    if (includes.isEmpty()) {
      return Optional.empty();
    }
    Path agent = BundledJars.extract(BundledJars.JACOCO_AGENT, dir);
    return Optional.of(
        agent + "=output=none,dumponexit=false,includes=" + String.join(":", includes));
  }

  /**
   * Per test, the lines it ran; a test of a class whose Spring context was built before the run
   * also gets the lines that building ran, as the first test of that context would have.
   */
  private static Coverage coverage(
      ProjectLayout layout,
      TestBatch.Result result,
      Map<String, Set<Integer>> startup,
      Set<String> primedClasses) {
    CoverageMapper mapper = new CoverageMapper(layout);
    Map<TestId, Map<String, Set<Integer>>> linesByTest = new HashMap<>();
    for (TestOutcome outcome : result.outcomes()) {
      Path exec = result.execFiles().get(outcome.id());
      if (exec != null) {
        Map<String, Set<Integer>> lines = new HashMap<>();
        mapper.linesByFile(exec).forEach((file, ran) -> lines.put(file, new TreeSet<>(ran)));
        if (primedClasses.contains(outcome.id().className())) {
          startup.forEach(
              (file, ran) -> lines.computeIfAbsent(file, f -> new TreeSet<>()).addAll(ran));
        }
        linesByTest.put(
            outcome.id(),
            lines.entrySet().stream()
                .collect(
                    Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, entry -> Set.copyOf(entry.getValue()))));
      }
    }
    return new Coverage(linesByTest);
  }
}
