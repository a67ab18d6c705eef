package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.testrun.WorkerProcess.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs tests of one candidate (or of the project as built) in worker JVMs from a {@link
 * WorkerSource}, taking a new worker whenever one ends mid-run (a test overran its time limit,
 * called {@code System.exit} or broke the JVM), so every test gets an outcome and nothing hangs.
 * Each worker first loads the candidate in a fresh class loader; when the batch closes, a worker
 * that finished cleanly drops the candidate and goes back to its source for the next one ({@link
 * LoadedWorker} does that hand-over; this class speaks the requests that run tests).
 */
final class TestBatch implements AutoCloseable {

  /** Extra wait beyond the worker's own per-test limit before the parent gives up on it. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final LoadedWorker worker;
  private int runs;

  /**
   * @param candidateClasses class files shadowing the project's, or empty to run the project as
   *     built
   */
  TestBatch(WorkerSource source, Optional<Path> candidateClasses) {
    this(source, candidateClasses, false);
  }

  /**
   * @param askWarm ask the worker to run the candidate in its warm session (it may decline)
   */
  TestBatch(WorkerSource source, Optional<Path> candidateClasses, boolean askWarm) {
    this.worker = new LoadedWorker(source, candidateClasses, askWarm);
  }

  /** Whether every worker of this batch ran the candidate in its warm session. */
  boolean warm() {
    return worker.warm();
  }

  /**
   * Why a worker ran the candidate in a fresh class loader although warm was asked, or, for a warm
   * run, that the worker had to renew its warm session first (and why).
   */
  Optional<String> warmNote() {
    return worker.warmNote();
  }

  /**
   * What priming the Spring test contexts produced: the coverage of their startup, the test classes
   * whose context was built, and those whose context could not be built.
   */
  record Primed(Optional<Path> execFile, List<String> testClasses, List<String> failed) {}

  /**
   * Builds the Spring test contexts of the project in the batch's worker before any test runs
   * ({@code PRIME}), recording their coverage into {@code coverageDir} when given.
   */
  Primed prime(Optional<Path> coverageDir, Deadline deadline) throws InterruptedException {
    WorkerProcess current = worker.get();
    current.send(List.of("PRIME", coverageDir.map(d -> createDirectory(d).toString()).orElse("-")));
    worker.sent();
    Reply reply = current.next(deadline.remaining());
    if (reply.kind() != Reply.Kind.MESSAGE || !reply.type().equals("OK")) {
      String why =
          reply.kind() == Reply.Kind.MESSAGE && reply.fields().size() > 1
              ? reply.fields().get(1)
              : reply.kind() == Reply.Kind.NO_REPLY
                  ? "no answer in time"
                  : "it exited (exit code " + current.exitCode() + ")";
      worker.discard();
      throw new IllegalStateException(
          "the test worker could not build the test contexts: "
              + why
              + "\n"
              + current.stderrTail());
    }
    worker.answered();
    List<String> fields = reply.fields();
    Optional<Path> exec =
        fields.size() > 1 && !fields.get(1).equals("-")
            ? Optional.of(Path.of(fields.get(1)))
            : Optional.empty();
    List<String> built = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String field : fields.subList(Math.min(2, fields.size()), fields.size())) {
      if (field.startsWith("!")) {
        failed.add(field.substring(1));
      } else {
        built.add(field);
      }
    }
    return new Primed(exec, List.copyOf(built), List.copyOf(failed));
  }

  /** What a batch produced. */
  record Result(
      List<TestOutcome> outcomes,
      Map<TestId, Path> execFiles,
      boolean timedOut,
      boolean workerDied,
      List<Long> workerPids) {}

  /** The project's test methods, as the worker's test framework discovers them. */
  List<TestId> discover(Deadline deadline) throws InterruptedException {
    WorkerProcess current = worker.get();
    current.send(List.of("DISCOVER"));
    worker.sent();
    List<TestId> tests = new ArrayList<>();
    while (true) {
      Reply reply = current.next(deadline.remaining());
      switch (reply.kind()) {
        case NO_REPLY ->
            throw new IllegalStateException("test discovery did not finish within the time limit");
        case EXITED ->
            throw new IllegalStateException(
                "the test worker exited during discovery (exit code "
                    + current.exitCode()
                    + "):\n"
                    + current.stderrTail());
        case MESSAGE -> {
          switch (reply.type()) {
            case "TEST" -> tests.add(TestId.parse(reply.fields().get(1)));
            case "END" -> {
              worker.answered();
              return tests;
            }
            case "ERROR" ->
                throw new IllegalStateException("the test worker failed: " + reply.fields().get(1));
            default -> {}
          }
        }
      }
    }
  }

  /**
   * Runs {@code tests} in order.
   *
   * @param coverageDir where the worker writes one JaCoCo .exec file per test, when present
   */
  Result run(
      List<TestId> tests,
      Duration perTest,
      boolean failFast,
      Optional<Path> coverageDir,
      Deadline deadline)
      throws InterruptedException {
    List<TestOutcome> outcomes = new ArrayList<>();
    Map<TestId, Path> execFiles = new LinkedHashMap<>();
    boolean timedOut = false;
    boolean workerDied = false;
    int next = 0;
    batches:
    while (next < tests.size()) {
      if (deadline.passed()) {
        timedOut = true;
        break;
      }
      WorkerProcess current = worker.get();
      Duration limit = min(perTest, deadline.remaining());
      current.send(runRequest(tests.subList(next, tests.size()), limit, failFast, coverageDir));
      worker.sent();
      long testStart = System.nanoTime();
      while (true) {
        Reply reply = current.next(min(limit.plus(GRACE), deadline.remaining()));
        TestId test = next < tests.size() ? tests.get(next) : null;
        long millis = (System.nanoTime() - testStart) / 1_000_000;
        if (test == null && reply.kind() != Reply.Kind.MESSAGE) {
          // Every test has its result; the worker went quiet or away before its END.
          worker.discard();
          break batches;
        }
        switch (reply.kind()) {
          case MESSAGE -> {
            switch (reply.type()) {
              case "RESULT" -> {
                TestOutcome outcome = outcome(reply.fields(), test);
                outcomes.add(outcome);
                if (reply.fields().size() > 7 && !reply.fields().get(7).isEmpty()) {
                  execFiles.put(outcome.id(), Path.of(reply.fields().get(7)));
                }
                next++;
                testStart = System.nanoTime();
                if (outcome.status() == TestStatus.TIMEOUT) {
                  // The worker ends itself after a timeout.
                  timedOut = true;
                  worker.discard();
                  if (failFast) {
                    break batches;
                  }
                  continue batches;
                }
              }
              case "END" -> {
                worker.answered();
                break batches;
              }
              case "RETIRE" -> {
                // The last test broke the JVM (e.g. a stack overflow); the worker ends itself.
                worker.discard();
                workerDied = true;
                if (failFast && outcomes.stream().anyMatch(TestOutcome::failed)) {
                  break batches;
                }
                continue batches;
              }
              case "ERROR" ->
                  throw new IllegalStateException(
                      "the test worker failed: " + reply.fields().get(1));
              default -> {}
            }
          }
          case NO_REPLY -> {
            boolean overall = deadline.passed();
            worker.discard();
            outcomes.add(
                new TestOutcome(
                    test,
                    TestStatus.TIMEOUT,
                    millis,
                    "java.util.concurrent.TimeoutException",
                    overall
                        ? "the test run hit its overall time limit"
                        : "no result within " + limit.plus(GRACE).toMillis() + " ms",
                    ""));
            next++;
            timedOut = true;
            if (failFast || overall) {
              break batches;
            }
            continue batches;
          }
          case EXITED -> {
            int exitCode = current.exitCode();
            String output = current.stderrTail();
            worker.discard();
            outcomes.add(
                new TestOutcome(
                    test,
                    TestStatus.ERROR,
                    millis,
                    "",
                    "worker exited (exit code "
                        + exitCode
                        + ") while running this test: "
                        + (output.contains("OutOfMemoryError")
                            ? "it ran out of memory"
                            : "e.g. it called System.exit"),
                    output));
            next++;
            workerDied = true;
            if (failFast) {
              break batches;
            }
            continue batches;
          }
        }
      }
    }
    return new Result(outcomes, execFiles, timedOut, workerDied, worker.pids());
  }

  private List<String> runRequest(
      List<TestId> tests, Duration limit, boolean failFast, Optional<Path> coverageDir) {
    List<String> request = new ArrayList<>();
    request.add("RUN");
    request.add(Long.toString(Math.max(1, limit.toMillis())));
    request.add(failFast ? "1" : "0");
    // A fresh directory per request: the worker numbers its .exec files from 0 each time.
    request.add(
        coverageDir
            .map(dir -> createDirectory(dir.resolve("run-" + runs++)))
            .map(Path::toString)
            .orElse("-"));
    tests.forEach(test -> request.add(test.toString()));
    return request;
  }

  /** {@code RESULT id status millis exceptionType message stackTrace [execFile]}. */
  private static TestOutcome outcome(List<String> fields, TestId expected) {
    if (fields.size() < 7) {
      throw new IllegalStateException("malformed RESULT from the test worker: " + fields);
    }
    TestId id = TestId.parse(fields.get(1));
    if (!id.equals(expected)) {
      throw new IllegalStateException(
          "the test worker reported " + id + " while " + expected + " was expected");
    }
    return new TestOutcome(
        id,
        TestStatus.valueOf(fields.get(2)),
        Long.parseLong(fields.get(3)),
        fields.get(4),
        fields.get(5),
        fields.get(6));
  }

  /** Hands the worker back, or discards it if it did not finish cleanly. */
  @Override
  public void close() {
    worker.close();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Path createDirectory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
