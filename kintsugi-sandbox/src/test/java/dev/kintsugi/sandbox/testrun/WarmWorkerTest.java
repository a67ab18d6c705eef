package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.Processes;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidates in warm worker JVMs: a worker serves one candidate after another, each in a fresh
 * class loader, and is replaced whenever a candidate leaves it unusable.
 */
class WarmWorkerTest {

  private static final String PROBE_PATH = "src/main/java/com/acme/Probe.java";
  private static final String PROBE =
      """
      package com.acme;

      public class Probe {
        public int value() {
          return 1;
        }
      }
      """;

  private static final TestId PROBE_TEST = new TestId("com.acme.ProbeTest", "valueIsOne");
  private static final TestId FIRST_COUNT = new TestId("com.acme.CounterTest", "firstCallIsOne");
  private static final TestId SETS_PROPERTY = new TestId("com.acme.PropertyTest", "setsIt");
  private static final TestId PROPERTY_UNSET = new TestId("com.acme.PropertyTest", "isUnset");
  private static final TestId SLOW = new TestId("com.acme.SlowTest", "sleeps");
  private static final Duration PER_TEST = Duration.ofSeconds(2);

  private static final Map<String, String> FILES =
      Map.of(
          PROBE_PATH,
          PROBE,
          "src/main/java/com/acme/Counter.java",
          """
          package com.acme;

          public final class Counter {
            private static int count;

            public static int next() {
              return ++count;
            }
          }
          """,
          "src/test/java/com/acme/ProbeTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import org.junit.jupiter.api.Test;

          class ProbeTest {
            @Test
            void valueIsOne() {
              assertEquals(1, new Probe().value());
            }
          }
          """,
          "src/test/java/com/acme/CounterTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import org.junit.jupiter.api.Test;

          class CounterTest {
            @Test
            void firstCallIsOne() {
              assertEquals(1, Counter.next());
            }
          }
          """,
          "src/test/java/com/acme/PropertyTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertNull;

          import org.junit.jupiter.api.Test;

          class PropertyTest {
            @Test
            void setsIt() {
              System.setProperty("kintsugi.leak", "yes");
            }

            @Test
            void isUnset() {
              assertNull(System.getProperty("kintsugi.leak"));
            }
          }
          """,
          "src/test/java/com/acme/SlowTest.java",
          """
          package com.acme;

          import org.junit.jupiter.api.Test;

          class SlowTest {
            @Test
            void sleeps() throws Exception {
              Thread.sleep(700);
            }
          }
          """);

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static ProjectLayout layout;
  private static TestExecutor executor;

  @BeforeAll
  static void buildOnce() throws Exception {
    SampleProjects.junit5(dir);
    SampleProjects.write(dir, FILES);
    layout = new MavenProject(dir).resolveLayout(Duration.ofMinutes(3));
    executor = new TestExecutor(temp, 1);
  }

  @AfterAll
  static void closeExecutor() {
    executor.close();
  }

  private static CandidateRun probe(String body, TestId... tests) {
    return run(executor, body, tests);
  }

  private static CandidateRun run(TestExecutor on, String body, TestId... tests) {
    return on.runCandidate(
        layout,
        Map.of(PROBE_PATH, PROBE.replace("return 1;", body)),
        List.of(tests),
        PER_TEST,
        false);
  }

  private static long onlyPid(CandidateRun run) {
    assertThat(run.workerPids()).hasSize(1);
    return run.workerPids().get(0);
  }

  @Nested
  class Reuse {

    @Test
    void oneWorkerServesSuccessiveCandidates() {
      CandidateRun first = probe("return 1;", PROBE_TEST);
      CandidateRun second = probe("return 2;", PROBE_TEST);
      CandidateRun third = probe("return 1;", PROBE_TEST);

      assertThat(onlyPid(second)).isEqualTo(onlyPid(first));
      assertThat(onlyPid(third)).isEqualTo(onlyPid(first));
      // Each candidate sees its own classes, not the previous candidate's.
      assertThat(first.allPassed()).isTrue();
      assertThat(second.outcomes().get(0).message()).isEqualTo("expected: <1> but was: <2>");
      assertThat(third.allPassed()).isTrue();
    }

    @Test
    void staticStateDoesNotLeakIntoTheNextCandidate() {
      // Within one candidate the static counter carries over: the test is order-sensitive.
      CandidateRun twice = probe("return 1;", FIRST_COUNT, FIRST_COUNT);
      assertThat(twice.outcomes())
          .extracting(TestOutcome::status)
          .containsExactly(TestStatus.PASSED, TestStatus.FAILED);

      CandidateRun next = probe("return 1;", FIRST_COUNT);

      assertThat(onlyPid(next)).isEqualTo(onlyPid(twice));
      assertThat(next.allPassed()).isTrue();
    }

    @Test
    void systemPropertiesAreRestoredBetweenCandidates() {
      CandidateRun sets = probe("return 1;", SETS_PROPERTY);
      CandidateRun reads = probe("return 1;", PROPERTY_UNSET);

      assertThat(onlyPid(reads)).isEqualTo(onlyPid(sets));
      assertThat(reads.allPassed()).isTrue();
    }

    @Test
    void aCandidateWithoutChangesRunsTheProjectAsBuilt() {
      CandidateRun run =
          executor.runCandidate(layout, Map.of(), List.of(PROBE_TEST), PER_TEST, false);

      assertThat(run.allPassed()).isTrue();
    }

    @Test
    void aNonCompilingCandidateRunsNoTest() {
      CandidateRun run = probe("return 1", PROBE_TEST);

      assertThat(run.compiled()).isFalse();
      assertThat(run.compilerOutput()).contains(PROBE_PATH + ":5: ';' expected");
      assertThat(run.workerPids()).isEmpty();
    }
  }

  @Nested
  class Replacement {

    @Test
    void aBusyLoopTimesOutAndItsWorkerIsNeverReused() throws Exception {
      CandidateRun hang = probe("while (true) {}", PROBE_TEST, FIRST_COUNT);

      TestOutcome stuck = hang.outcomes().get(0);
      assertThat(stuck.status()).isEqualTo(TestStatus.TIMEOUT);
      assertThat(stuck.stackTrace()).contains("com.acme.Probe.value(Probe.java:5)");
      assertThat(hang.timedOut()).isTrue();
      // The remaining test ran on a new worker.
      assertThat(hang.outcomes().get(1).status()).isEqualTo(TestStatus.PASSED);
      assertThat(hang.workerPids()).hasSize(2).doesNotHaveDuplicates();
      awaitGone(hang.workerPids().get(0));

      CandidateRun next = probe("return 1;", PROBE_TEST);
      assertThat(next.allPassed()).isTrue();
      assertThat(next.workerPids()).doesNotContain(hang.workerPids().get(0));
    }

    @Test
    void systemExitKillsTheWorkerAndTheHealGoesOn() throws Exception {
      CandidateRun exit = probe("System.exit(3); return 1;", PROBE_TEST, FIRST_COUNT);

      assertThat(exit.workerDied()).isTrue();
      assertThat(exit.outcomes().get(0).status()).isEqualTo(TestStatus.ERROR);
      assertThat(exit.outcomes().get(0).message()).contains("System.exit called");
      assertThat(exit.outcomes().get(0).stackTrace())
          .contains("java.lang.System.exit(")
          .contains("com.acme.Probe.value(Probe.java:5)");
      assertThat(exit.outcomes().get(1).status()).isEqualTo(TestStatus.PASSED);
      assertThat(exit.workerPids()).hasSize(2).doesNotHaveDuplicates();
      awaitGone(exit.workerPids().get(0));

      assertThat(probe("return 1;", PROBE_TEST).allPassed()).isTrue();
    }

    @Test
    void aStackOverflowRetiresTheWorker() throws Exception {
      CandidateRun overflow = probe("return value() + 1;", PROBE_TEST);

      TestOutcome error = overflow.outcomes().get(0);
      assertThat(error.status()).isEqualTo(TestStatus.ERROR);
      assertThat(error.exceptionType()).isEqualTo("java.lang.StackOverflowError");
      assertThat(overflow.workerDied()).isTrue();
      awaitGone(onlyPid(overflow));

      CandidateRun next = probe("return 1;", PROBE_TEST);
      assertThat(next.allPassed()).isTrue();
      assertThat(onlyPid(next)).isNotEqualTo(onlyPid(overflow));
    }

    @Test
    void runningOutOfMemoryKillsTheWorker() throws Exception {
      CandidateRun oom =
          probe("long[] hog = new long[Integer.MAX_VALUE - 16]; return hog.length;", PROBE_TEST);

      assertThat(oom.workerDied()).isTrue();
      TestOutcome error = oom.outcomes().get(0);
      assertThat(error.status()).isEqualTo(TestStatus.ERROR);
      assertThat(error.stackTrace()).contains("OutOfMemoryError");
      awaitGone(onlyPid(oom));

      assertThat(probe("return 1;", PROBE_TEST).allPassed()).isTrue();
    }

    @Test
    void aThreadLeftRunningRetiresTheWorkerAfterTheCandidate() throws Exception {
      CandidateRun leak =
          probe(
              "Thread spin = new Thread(() -> { while (true) { Thread.onSpinWait(); } });"
                  + " spin.setDaemon(true); spin.start(); return 1;",
              PROBE_TEST);

      // The test itself passed: the verdict is the candidate's, the retirement the worker's.
      assertThat(leak.allPassed()).isTrue();
      assertThat(leak.workerDied()).isFalse();
      awaitGone(onlyPid(leak));

      CandidateRun next = probe("return 1;", PROBE_TEST);
      assertThat(onlyPid(next)).isNotEqualTo(onlyPid(leak));
    }
  }

  @Nested
  class Parallel {

    @Test
    void concurrentCandidatesRunOnSeparateWorkersAndCloseEndsThem(@TempDir Path own)
        throws Exception {
      List<Long> pids;
      try (TestExecutor two = new TestExecutor(own, 2)) {
        assertThat(two.workers()).isEqualTo(2);
        CountDownLatch start = new CountDownLatch(1);
        Callable<CandidateRun> passing =
            () -> {
              start.await();
              return run(two, "return 1;", SLOW, PROBE_TEST);
            };
        Callable<CandidateRun> failing =
            () -> {
              start.await();
              return run(two, "return 3;", SLOW, PROBE_TEST);
            };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
          Future<CandidateRun> a = threads.submit(passing);
          Future<CandidateRun> b = threads.submit(failing);
          start.countDown();
          CandidateRun good = a.get();
          CandidateRun bad = b.get();

          assertThat(good.allPassed()).isTrue();
          assertThat(bad.outcomes().get(1).message()).isEqualTo("expected: <1> but was: <3>");
          assertThat(onlyPid(good)).isNotEqualTo(onlyPid(bad));
          pids = List.of(onlyPid(good), onlyPid(bad));
        } finally {
          threads.shutdownNow();
        }
      }

      for (long pid : pids) {
        assertThat(Processes.running(pid)).as("worker %d after close", pid).isFalse();
      }
      assertThat(own).isEmptyDirectory();
      try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
        assertThat(children.filter(child -> pids.contains(child.pid()))).isEmpty();
      }
    }

    @Test
    void warmUpStartsTheWorkerTheFirstCandidateUses(@TempDir Path own) throws Exception {
      try (TestExecutor warm = new TestExecutor(own, 1)) {
        warm.warmUp(layout);
        CandidateRun first = run(warm, "return 1;", PROBE_TEST);
        CandidateRun second = run(warm, "return 1;", PROBE_TEST);

        assertThat(first.allPassed()).isTrue();
        assertThat(second.workerPids()).isEqualTo(first.workerPids());
      }
    }

    @Test
    void aClosedExecutorRefusesWork(@TempDir Path own) {
      TestExecutor closed = new TestExecutor(own, 1);
      closed.close();

      assertThatThrownBy(() -> run(closed, "return 1;", PROBE_TEST))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  /** A killed worker is reaped asynchronously; give it a moment. */
  private static void awaitGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Processes.running(pid) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Processes.running(pid)).as("worker %d still running", pid).isFalse();
  }
}
