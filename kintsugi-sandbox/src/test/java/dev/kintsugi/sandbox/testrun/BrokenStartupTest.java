package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bug that breaks the startup of a Spring test context: the statement that throws is in a JDK
 * call, so JaCoCo marks none of its lines, and the startup coverage misses the very code a fix
 * changes. Candidates must then run where the context is built afresh with them, not in a warm
 * session whose context failed (and which Spring would not try to build again).
 */
class BrokenStartupTest {

  private static final String RATES_PATH = "src/main/java/com/acme/Rates.java";

  /** The bug: {@code list.get(list.size())}, an index out of bounds at startup. */
  private static final String RATES =
      """
      package com.acme;

      import java.util.List;

      public class Rates {
        public static int latest(List<Integer> rates) {
          return rates.get(rates.size());
        }
      }
      """;

  private static final Map<String, String> FILES =
      Map.of(
          "pom.xml",
          SampleProjects.pom(
              "rates",
              List.of(
                  "org.springframework:spring-context:6.2.19",
                  "org.springframework:spring-test:6.2.19:test",
                  SampleProjects.JUPITER + ":test"),
              "",
              ""),
          RATES_PATH,
          RATES,
          "src/main/java/com/acme/AppConfig.java",
          """
          package com.acme;

          import java.util.List;
          import org.springframework.context.annotation.Bean;
          import org.springframework.context.annotation.Configuration;

          @Configuration
          public class AppConfig {
            @Bean
            public Integer currentRate() {
              return Rates.latest(List.of(3, 5, 7));
            }
          }
          """,
          "src/test/java/com/acme/RateTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig(AppConfig.class)
          class RateTest {
            @Autowired Integer currentRate;

            @Test
            void usesTheLatestRate() {
              assertEquals(7, currentRate);
            }
          }
          """);

  private static final TestId LATEST = new TestId("com.acme.RateTest", "usesTheLatestRate");

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static ProjectLayout layout;
  private static TestExecutor executor;
  private static CoverageRun coverage;

  @BeforeAll
  static void buildOnce() throws Exception {
    SampleProjects.write(dir, FILES);
    layout = new MavenProject(dir).resolveLayout(Duration.ofMinutes(3));
    executor = new TestExecutor(temp, 1);
    coverage = executor.runAllWithCoverage(layout, Duration.ofMinutes(2));
  }

  @AfterAll
  static void closeExecutor() {
    executor.close();
  }

  private static CandidateRun rates(String expression) {
    return executor.runCandidate(
        layout,
        Map.of(RATES_PATH, RATES.replace("rates.get(rates.size())", expression)),
        List.of(LATEST),
        Duration.ofSeconds(20),
        true);
  }

  @Test
  void theContextThatCannotStartIsReportedAndItsTestFails() {
    assertThat(coverage.unbuiltContexts()).containsExactly("com.acme.RateTest");
    assertThat(coverage.outcomes())
        .filteredOn(o -> o.id().equals(LATEST))
        .extracting(TestOutcome::status)
        .containsExactly(TestStatus.ERROR);
  }

  @Test
  void theFixPassesBecauseItsCandidateBuildsTheContextAfresh() {
    CandidateRun wrong = rates("rates.get(rates.size() + 1)");
    CandidateRun fixed = rates("rates.get(rates.size() - 1)");

    assertThat(fixed.allPassed()).as(fixed.outcomes().toString()).isTrue();
    assertThat(wrong.allPassed()).isFalse();
    assertThat(List.of(wrong.warm(), fixed.warm())).containsOnly(false);
  }
}
