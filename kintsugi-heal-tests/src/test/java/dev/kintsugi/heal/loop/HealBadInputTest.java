package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input a heal cannot fix, end to end (real git, real confined Maven builds, real workers): each
 * ends not fixed with a clear reason, no branch, nothing left in the work directory.
 */
class HealBadInputTest {

  /** Needs a PostgreSQL and a host name: the sandbox has no network. */
  private static final String DB_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertTrue;

      import java.net.InetAddress;
      import java.net.Socket;
      import org.junit.jupiter.api.Test;

      class DbTest {
        @Test
        void connectsToPostgres() throws Exception {
          try (Socket socket = new Socket("127.0.0.1", 5432)) {
            assertTrue(socket.isConnected());
          }
        }

        @Test
        void resolvesTheDatabaseHost() throws Exception {
          assertTrue(InetAddress.getByName("db.kintsugi-sample.example").isReachable(100));
        }
      }
      """;

  @TempDir Path tmp;

  HealOutcome heal(Path repo) {
    return new HealLoop((stage, msg) -> {}, Clock.systemUTC())
        .run(
            HealOptions.defaults(repo)
                .withWorkDir(tmp.resolve("work"))
                .withMemoryDir(tmp.resolve("memory"))
                .withReport(tmp.resolve("heal.json"))
                .withTimeout(Duration.ofMinutes(5)));
  }

  @Test
  void testsThatOnlyFailForWantOfAServiceAreNotHealed() throws Exception {
    Path repo =
        SampleProject.write(
            tmp.resolve("repo"),
            SampleProject.BUGGY_CART.replace("i <= prices.length", "i < prices.length"),
            SampleProject.CART_TEST);
    Files.writeString(repo.resolve("src/test/java/shop/DbTest.java"), DB_TEST);
    Git git = Git.initWithCommit(repo);
    String branches = git.run("branch", "--list");

    HealOutcome outcome = heal(repo);

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.NOT_FIXED);
    assertThat(report.reason())
        .startsWith(
            "2 test(s) fail because they need a service that is not reachable from the sandbox")
        .contains("shop.DbTest#connectsToPostgres: java.net.")
        .contains("shop.DbTest#resolvesTheDatabaseHost: java.net.UnknownHostException")
        .endsWith("not healed");
    assertNothingDelivered(git, branches);
  }

  @Test
  void aBugNextToTestsThatNeedAServiceIsHealedAlone() throws Exception {
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    Files.writeString(repo.resolve("src/test/java/shop/DbTest.java"), DB_TEST);
    Git.initWithCommit(repo);

    HealReport report = heal(repo).report();

    assertThat(report.status())
        .as(
            "%s; rejected by %s; warnings %s",
            report.reason(), report.rejectedBy(), report.warnings())
        .isEqualTo(HealReport.Status.FIXED);
    assertThat(report.failingTests()).containsExactly("shop.CartTest#totalAddsAllPrices");
    assertThat(report.warnings())
        .anyMatch(
            w ->
                w.startsWith("2 test(s) fail because they need a service")
                    && w.endsWith("the fix must make the other 1 failing test(s) pass"));
  }

  @Test
  void aFailureTheWorkerCannotReproduceEndsTheHeal() throws Exception {
    // A profile active by default sets a property the fast path does not read (it reads the
    // POM's own plugin configuration): the build fails the test, the worker passes it.
    String strictTest =
        """
        package shop;

        import static org.junit.jupiter.api.Assertions.assertFalse;

        import org.junit.jupiter.api.Test;

        class StrictTest {
          @Test
          void strictModeIsOff() {
            assertFalse(Boolean.getBoolean("strict"), "strict mode is on");
          }
        }
        """;
    Path repo =
        SampleProject.write(
            tmp.resolve("repo"),
            SampleProject.BUGGY_CART.replace("i <= prices.length", "i < prices.length"),
            SampleProject.CART_TEST);
    Files.writeString(repo.resolve("src/test/java/shop/StrictTest.java"), strictTest);
    Files.writeString(
        repo.resolve("pom.xml"),
        SampleProject.POM.replace(
            "</project>",
            """
              <profiles><profile><id>strict</id>
                <activation><activeByDefault>true</activeByDefault></activation>
                <build><plugins><plugin>
                  <artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version>
                  <configuration>
                    <systemPropertyVariables><strict>true</strict></systemPropertyVariables>
                  </configuration>
                </plugin></plugins></build>
              </profile></profiles>
            </project>
            """));
    Git git = Git.initWithCommit(repo);
    String branches = git.run("branch", "--list");

    HealOutcome outcome = heal(repo);

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(report.reason())
        .startsWith("the fast path cannot reproduce the build's failure of 1 of 1 failing test(s)")
        .contains("shop.StrictTest#strictModeIsOff: build FAILED")
        .contains("strict mode is on")
        .contains("worker PASSED");
    assertThat(report.candidates() == null ? 0 : report.candidates().tested()).isZero();
    assertThat(report.warnings()).noneMatch(w -> w.contains("could not delete"));
    assertNothingDelivered(git, branches);
  }

  @Test
  void aTestThatEndsTheBuildsJvmIsAFailingTestNotABrokenBuild() throws Exception {
    // Cart.max quits the JVM on an empty cart: Surefire's fork dies and writes no report for the
    // class; the worker reports the System.exit with its frames, which locate the line.
    Path repo =
        SampleProject.write(
            tmp.resolve("repo"),
            SampleProject.BUGGY_CART
                .replace("i <= prices.length", "i < prices.length")
                .replace(
                    "public static int max(int[] prices) {",
                    "public static int max(int[] prices) {\n    if (prices.length == 0) System.exit(3);"),
            SampleProject.CART_TEST);
    Git.initWithCommit(repo);

    HealReport report = heal(repo).report();

    assertThat(report.status())
        .as(
            "%s; rejected by %s; warnings %s",
            report.reason(), report.rejectedBy(), report.warnings())
        .isEqualTo(HealReport.Status.FIXED);
    assertThat(report.failingTests()).containsExactly("shop.CartTest");
    assertThat(report.warnings()).noneMatch(w -> w.contains("disagrees with the build"));
    assertThat(report.fix().diff()).contains("-    if (prices.length == 0) System.exit(3);");
  }

  private void assertNothingDelivered(Git git, String branches) throws Exception {
    assertThat(git.run("branch", "--list")).isEqualTo(branches);
    try (var left = Files.list(tmp.resolve("work"))) {
      assertThat(left).isEmpty();
    }
  }
}
