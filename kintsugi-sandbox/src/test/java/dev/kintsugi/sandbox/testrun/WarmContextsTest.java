package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidates of a Spring project in a warm session: the test context is built once per worker, each
 * candidate's method bodies are swapped in and out, and no state crosses from one candidate to the
 * next — a static counter, a singleton bean's field and collection, a system property.
 */
class WarmContextsTest {

  private static final String PRICING_PATH = "src/main/java/com/acme/Pricing.java";

  /** The bug: an order of exactly 100 gets no discount ({@code >} instead of {@code >=}). */
  private static final String PRICING =
      """
      package com.acme;

      import org.springframework.stereotype.Component;

      @Component
      public class Pricing {
        public int discount(int price) {
          return price > 100 ? price - 10 : price;
        }
      }
      """;

  private static final String CONFIG_PATH = "src/main/java/com/acme/AppConfig.java";

  /** Appends a line to contexts.log each time the context is built (lines 16-17 run at startup). */
  private static final String CONFIG =
      """
      package com.acme;

      import java.io.IOException;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import org.springframework.context.annotation.Bean;
      import org.springframework.context.annotation.ComponentScan;
      import org.springframework.context.annotation.Configuration;

      @Configuration
      @ComponentScan
      public class AppConfig {
        @Bean
        public String greeting() throws IOException {
          Files.writeString(Path.of("contexts.log"), "built\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          return "hello";
        }
      }
      """;

  private static final Map<String, String> FILES =
      files(
          "pom.xml",
          SampleProjects.pom(
              "shop",
              List.of(
                  "org.springframework:spring-context:6.2.19",
                  "org.springframework:spring-jdbc:6.2.19",
                  "org.mockito:mockito-core:5.11.0:test",
                  "com.h2database:h2:2.3.232",
                  "org.springframework:spring-test:6.2.19:test",
                  SampleProjects.JUPITER + ":test"),
              "",
              ""),
          PRICING_PATH,
          PRICING,
          CONFIG_PATH,
          CONFIG,
          "src/main/java/com/acme/Tally.java",
          """
          package com.acme;

          import java.util.ArrayList;
          import java.util.List;
          import org.springframework.stereotype.Component;

          @Component
          public class Tally {
            private int count;
            private final List<String> seen = new ArrayList<>();

            public int increment() {
              return ++count;
            }

            public List<String> seen() {
              return seen;
            }
          }
          """,
          "src/main/java/com/acme/Notifier.java",
          """
          package com.acme;

          public interface Notifier {
            void paid(int amount);
          }
          """,
          "src/main/java/com/acme/QuietNotifier.java",
          """
          package com.acme;

          import org.springframework.stereotype.Component;

          @Component
          public class QuietNotifier implements Notifier {
            @Override
            public void paid(int amount) {}
          }
          """,
          "src/main/java/com/acme/Checkout.java",
          """
          package com.acme;

          import org.springframework.stereotype.Component;

          @Component
          public class Checkout {
            private final Notifier notifier;
            private final Pricing pricing;

            public Checkout(Notifier notifier, Pricing pricing) {
              this.notifier = notifier;
              this.pricing = pricing;
            }

            public void pay(int price) {
              notifier.paid(pricing.discount(price));
            }
          }
          """,
          // A mock bean that Spring resets after each test: a second candidate must find it reset,
          // not with the invocations the first one recorded.
          "src/test/java/com/acme/CheckoutTest.java",
          """
          package com.acme;

          import static org.mockito.Mockito.verify;

          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.test.context.bean.override.mockito.MockitoBean;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig(AppConfig.class)
          class CheckoutTest {
            @MockitoBean Notifier notifier;
            @Autowired Checkout checkout;

            @Test
            void notifiesOnce() {
              checkout.pay(50);
              verify(notifier).paid(50);
            }
          }
          """,
          "src/main/java/com/acme/Stats.java",
          """
          package com.acme;

          public final class Stats {
            public static int calls;

            private Stats() {}
          }
          """,
          // Commits a row outside any test transaction, as a REST call in a @SpringBootTest does:
          // the next candidate must find the database as the context built it.
          "src/test/java/com/acme/LedgerTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import javax.sql.DataSource;
          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.context.annotation.Bean;
          import org.springframework.context.annotation.Configuration;
          import org.springframework.jdbc.core.JdbcTemplate;
          import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
          import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig
          class LedgerTest {
            @Configuration
            static class Config {
              @Bean
              DataSource dataSource() {
                DataSource db =
                    new EmbeddedDatabaseBuilder()
                        .setType(EmbeddedDatabaseType.H2)
                        .generateUniqueName(true)
                        .build();
                new JdbcTemplate(db).execute("CREATE TABLE entries (amount INT)");
                return db;
              }
            }

            @Autowired DataSource dataSource;

            @Test
            void startsEmpty() {
              JdbcTemplate jdbc = new JdbcTemplate(dataSource);
              assertEquals(0, jdbc.queryForObject("SELECT COUNT(*) FROM entries", Integer.class));
              jdbc.update("INSERT INTO entries VALUES (?)", 5);
            }
          }
          """,
          "src/test/java/com/acme/DirtyTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.context.annotation.Bean;
          import org.springframework.context.annotation.Configuration;
          import org.springframework.test.annotation.DirtiesContext;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig
          @DirtiesContext
          class DirtyTest {
            @Configuration
            static class Config {
              @Bean
              Pricing pricing() {
                return new Pricing();
              }
            }

            @Autowired Pricing pricing;

            @Test
            void keepsSmallOrders() {
              assertEquals(50, pricing.discount(50));
            }
          }
          """,
          "src/test/java/com/acme/PricingTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;

          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig(AppConfig.class)
          class PricingTest {
            @Autowired Pricing pricing;

            @Test
            void discountsAHundred() {
              assertEquals(90, pricing.discount(100));
            }

            @Test
            void keepsSmallOrders() {
              assertEquals(50, pricing.discount(50));
            }
          }
          """,
          // Each test checks the state is as the context left it, then changes it: a second
          // candidate in the same worker passes only if the first one's changes were undone.
          "src/test/java/com/acme/StateTest.java",
          """
          package com.acme;

          import static org.junit.jupiter.api.Assertions.assertEquals;
          import static org.junit.jupiter.api.Assertions.assertNull;
          import static org.junit.jupiter.api.Assertions.assertTrue;

          import org.junit.jupiter.api.Test;
          import org.springframework.beans.factory.annotation.Autowired;
          import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

          @SpringJUnitConfig(AppConfig.class)
          class StateTest {
            @Autowired Tally tally;

            @Test
            void singletonCountStartsAtOne() {
              assertEquals(1, tally.increment());
            }

            @Test
            void singletonListStartsEmpty() {
              assertTrue(tally.seen().isEmpty());
              tally.seen().add("x");
            }

            @Test
            void staticCounterStartsAtZero() {
              assertEquals(0, Stats.calls++);
            }

            @Test
            void propertyStartsUnset() {
              assertNull(System.getProperty("acme.leak"));
              System.setProperty("acme.leak", "x");
            }
          }
          """);

  /** Path, content, path, content, ... (more than Map.of takes). */
  private static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return files;
  }

  private static final TestId DISCOUNT = new TestId("com.acme.PricingTest", "discountsAHundred");
  private static final List<TestId> STATE =
      List.of(
          new TestId("com.acme.StateTest", "singletonCountStartsAtOne"),
          new TestId("com.acme.StateTest", "singletonListStartsEmpty"),
          new TestId("com.acme.StateTest", "staticCounterStartsAtZero"),
          new TestId("com.acme.StateTest", "propertyStartsUnset"));

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

  private static CandidateRun pricing(String expression, List<TestId> tests) {
    return executor.runCandidate(
        layout,
        Map.of(PRICING_PATH, PRICING.replace("price > 100 ? price - 10 : price", expression)),
        tests,
        Duration.ofSeconds(20),
        false);
  }

  private static List<TestId> discountThenState() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(DISCOUNT), STATE.stream())
        .toList();
  }

  private static long contextBuilds() throws Exception {
    Path log = dir.resolve("contexts.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  @Test
  void successiveCandidatesShareOneContextAndNoState() throws Exception {
    // The first candidate initializes Stats (static state the session did not capture): the
    // session is renewed once, and the next one initializes Stats before its capture.
    pricing("price >= 100 ? price - 10 : price", discountThenState());
    CandidateRun fixed = pricing("price >= 100 ? price - 10 : price", discountThenState());
    long builds = contextBuilds();
    CandidateRun wrong = pricing("price >= 100 ? price - 9 : price", discountThenState());
    CandidateRun again = pricing("price >= 100 ? price - 10 : price", discountThenState());

    assertThat(List.of(fixed.warm(), wrong.warm(), again.warm())).containsOnly(true);
    assertThat(wrong.workerPids()).isEqualTo(fixed.workerPids());
    assertThat(again.workerPids()).isEqualTo(fixed.workerPids());
    // One context for the three candidates: none was built after the first.
    assertThat(contextBuilds()).isEqualTo(builds);
    // Each candidate runs its own code, not the one swapped in before it.
    assertThat(fixed.allPassed()).as(fixed.outcomes().toString()).isTrue();
    assertThat(wrong.outcomes().get(0).message()).isEqualTo("expected: <90> but was: <91>");
    assertThat(again.allPassed()).as(again.outcomes().toString()).isTrue();
    // The state tests found the singleton, the static counter and the property as before.
    assertThat(wrong.outcomes().subList(1, 5))
        .extracting(TestOutcome::status)
        .containsOnly(TestStatus.PASSED);
  }

  @Test
  void aContextClosedByItsTestsIsBuiltPerCandidateWhileTheSessionStaysWarm() {
    List<TestId> tests = List.of(new TestId("com.acme.DirtyTest", "keepsSmallOrders"), DISCOUNT);

    CandidateRun first = pricing("price >= 100 ? price - 10 : price", tests);
    CandidateRun second = pricing("price >= 100 ? price - 10 : price", tests);

    assertThat(List.of(first.warm(), second.warm())).containsOnly(true);
    assertThat(second.warmNote()).isEmpty(); // not renewed
    assertThat(first.allPassed()).as(first.outcomes().toString()).isTrue();
    assertThat(second.allPassed()).as(second.outcomes().toString()).isTrue();
  }

  @Test
  void rowsCommittedByACandidateAreGoneForTheNext() {
    List<TestId> tests = List.of(new TestId("com.acme.LedgerTest", "startsEmpty"), DISCOUNT);

    CandidateRun first = pricing("price >= 100 ? price - 10 : price", tests);
    CandidateRun second = pricing("price >= 100 ? price - 10 : price", tests);
    CandidateRun third = pricing("price >= 100 ? price - 10 : price", tests);

    assertThat(List.of(first.warm(), second.warm(), third.warm())).containsOnly(true);
    assertThat(List.of(second.warmNote(), third.warmNote())).containsOnly(""); // never renewed
    for (CandidateRun run : List.of(first, second, third)) {
      assertThat(run.allPassed()).as(run.outcomes().toString()).isTrue();
    }
  }

  @Test
  void aMockBeanIsFoundResetByTheNextCandidate() {
    List<TestId> tests = List.of(new TestId("com.acme.CheckoutTest", "notifiesOnce"), DISCOUNT);

    CandidateRun first = pricing("price >= 100 ? price - 10 : price", tests);
    CandidateRun second = pricing("price >= 100 ? price - 10 : price", tests);

    assertThat(List.of(first.warm(), second.warm())).containsOnly(true);
    assertThat(first.allPassed()).as(first.outcomes().toString()).isTrue();
    assertThat(second.allPassed()).as(second.outcomes().toString()).isTrue();
  }

  @Test
  void theBugFailsWarmAsInTheBuild() {
    CandidateRun original = pricing("price > 100 ? price - 10 : price", List.of(DISCOUNT));

    assertThat(original.warm()).isTrue();
    assertThat(original.outcomes())
        .extracting(TestOutcome::status)
        .containsExactly(TestStatus.FAILED);
    assertThat(coverage.outcomes())
        .filteredOn(o -> o.id().equals(DISCOUNT))
        .extracting(TestOutcome::status)
        .containsExactly(TestStatus.FAILED);
  }

  @Test
  void aChangedClassShapeRunsInAFreshLoader() {
    CandidateRun run =
        executor.runCandidate(
            layout,
            Map.of(
                PRICING_PATH,
                PRICING
                    .replace(
                        "price > 100 ? price - 10 : price", "price >= 100 ? off(price) : price")
                    .replace(
                        "  }\n}",
                        "  }\n\n  private int off(int price) {\n    return price - 10;\n  }\n}")),
            discountThenState(),
            Duration.ofSeconds(20),
            false);

    assertThat(run.warm()).isFalse();
    assertThat(run.allPassed()).as(run.outcomes().toString()).isTrue();
  }

  @Test
  void aChangeToStartupCodeRunsInAFreshLoader() {
    CandidateRun run =
        executor.runCandidate(
            layout,
            Map.of(CONFIG_PATH, CONFIG.replace("return \"hello\";", "return \"hi\";")),
            List.of(DISCOUNT),
            Duration.ofSeconds(20),
            false);

    assertThat(run.warm()).isFalse();
    assertThat(run.outcomes()).extracting(TestOutcome::status).containsExactly(TestStatus.FAILED);
  }

  @Test
  void startupLinesCountForEveryTestOfTheContext() {
    // The @Bean method ran once, while the context was built before the tests; it is still
    // attributed to the tests that use the context, as Surefire's first such test would have it.
    assertThat(coverage.coverage().covers(DISCOUNT, CONFIG_PATH, 16)).isTrue();
  }
}
