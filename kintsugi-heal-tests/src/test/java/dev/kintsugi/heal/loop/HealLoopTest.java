package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.ReportWriter;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import dev.kintsugi.heal.testing.SampleReactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: real git repositories, real Maven builds, real test JVMs. */
class HealLoopTest {

  @TempDir Path tmp;
  final List<String> progress = Collections.synchronizedList(new ArrayList<>());

  HealOutcome heal(Path repo, HealOptions options) {
    return new HealLoop((stage, msg) -> progress.add(stage + ": " + msg), Clock.systemUTC())
        .run(options);
  }

  HealOptions options(Path repo) {
    return HealOptions.defaults(repo)
        .withWorkDir(tmp.resolve("work"))
        .withMemoryDir(tmp.resolve("memory"))
        .withReport(tmp.resolve("heal.json"))
        .withTimeout(Duration.ofMinutes(5));
  }

  @Test
  void healsAnOffByOneOntoABranchAndLeavesTheCheckoutUntouched() throws Exception {
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    Git git = Git.initWithCommit(repo);
    String base = git.run("rev-parse", "HEAD");
    String state = git.checkoutState();
    String files = SampleProject.treeDigest(repo);

    HealOutcome outcome = heal(repo, options(repo));

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(git.checkoutState()).isEqualTo(state);
    assertThat(SampleProject.treeDigest(repo)).isEqualTo(files);
    assertThat(report.baseCommit()).isEqualTo(base);
    assertThat(report.failingTests()).containsExactly("shop.CartTest#totalAddsAllPrices");
    assertThat(report.diagnosis().locations().get(0).file())
        .isEqualTo("src/main/java/shop/Cart.java");
    // Each location shows its line's text, as the healed commit has it.
    assertThat(report.diagnosis().locations())
        .allMatch(l -> l.code() != null)
        .anyMatch(l -> l.code().equals("for (int i = 0; i <= prices.length; i++) {"));
    assertThat(report.reproduction()).isNull();
    assertThat(report.fix().files()).containsExactly("src/main/java/shop/Cart.java");
    assertThat(report.fix().diff()).contains("+    for (int i = 0; i < prices.length; i++) {");
    assertThat(report.fix().confidence()).isBetween(0.4, 1.0);
    // Candidates ran the tests that execute Cart.total; the two max tests cannot observe it.
    assertThat(report.fix().explanation())
        .contains(
            "1 test(s) pass in fast validation; 2 other test(s) do not execute the changed code")
        .contains("mvn test passed on the patched copy");
    assertThat(report.candidates().tested()).isPositive();
    assertThat(report.candidates().plausible()).isPositive();
    assertThat(report.rounds()).isEqualTo(1);
    assertThat(report.timingsMs().total()).isGreaterThanOrEqualTo(report.timingsMs().validate());
    // The branch holds exactly one commit on top of the base, with the fix and nothing else.
    assertThat(git.run("rev-parse", report.branch() + "^")).isEqualTo(base);
    assertThat(git.run("rev-parse", report.branch())).isEqualTo(report.commit());
    assertThat(git.run("diff", "--stat", base, report.branch()))
        .contains("1 file changed, 1 insertion(+), 1 deletion(-)");
    assertThat(git.run("log", "-1", "--format=%B", report.branch()))
        .contains("shop.CartTest#totalAddsAllPrices")
        .contains("Root cause: src/main/java/shop/Cart.java:7");
    // The report on disk is the same report.
    assertThat(ReportWriter.read(tmp.resolve("heal.json"))).isEqualTo(report);
    assertThat(progress)
        .anyMatch(l -> l.startsWith("localize:"))
        .anyMatch(l -> l.startsWith("deliver:"));
    // The fix really works: build the branch from a fresh clone.
    Path clone = tmp.resolve("clone");
    new Git(tmp).run("clone", "-q", "-b", report.branch(), repo.toString(), clone.toString());
    assertThat(Files.readString(clone.resolve("src/main/java/shop/Cart.java")))
        .contains("i < prices.length");
    // Every build and test run was confined, with resource limits (bwrap and cgroups work here).
    assertThat(report.warnings()).noneMatch(w -> w.contains("UNCONFINED") || w.contains("limits"));
    // No private copies are left behind: the heal's scratch directory is gone.
    try (var left = Files.list(tmp.resolve("work"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void healsTestsTheBuildSelectsByItsOwnIncludesPattern() throws Exception {
    // Surefire runs only *_TEST classes here: the fast path must run what the build runs.
    Path repo = tmp.resolve("repo");
    SampleProject.write(
        repo, SampleProject.BUGGY_CART, SampleProject.CART_TEST.replace("CartTest", "Cart_TEST"));
    Files.move(
        repo.resolve("src/test/java/shop/CartTest.java"),
        repo.resolve("src/test/java/shop/Cart_TEST.java"));
    Files.writeString(
        repo.resolve("pom.xml"),
        SampleProject.POM.replace(
            "<version>3.5.4</version></plugin>",
            "<version>3.5.4</version><configuration><includes>"
                + "<include>**/*_TEST.java</include></includes></configuration></plugin>"));
    Git.initWithCommit(repo);

    HealReport report = heal(repo, options(repo)).report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.failingTests()).containsExactly("shop.Cart_TEST#totalAddsAllPrices");
    assertThat(report.warnings()).noneMatch(w -> w.contains("disagrees with the build"));
  }

  @Test
  void aFixTheBuildRejectsIsWithdrawnAndNoBranchHoldsIt() throws Exception {
    // The build checks more than the tests fast validation selects (here: a source rule that only
    // the project's test command knows), so it rejects what the fast path accepted.
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    Git git = Git.initWithCommit(repo);
    String command = "mvn -B -q test && ! grep -q 'i < prices.length' src/main/java/shop/Cart.java";

    HealReport report = heal(repo, options(repo).withTestCommand(command)).report();

    assertThat(report.warnings())
        .anyMatch(
            w ->
                w.startsWith("the build rejected a candidate fast validation accepted (")
                    && w.endsWith("; it was withdrawn"));
    assertThat(report.candidates().plausible()).isPositive();
    // Only `<` passes the tests here, so nothing is left to deliver, and the report says why.
    assertThat(report.status()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(report.reason())
        .contains("1 candidate(s) passed fast validation but the build rejected them");
    assertThat(report.branch()).isNull();
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
  }

  @Test
  void withoutBubblewrapTheHealIsRefusedUnlessUnconfinedIsChosen() throws Exception {
    Path repo =
        SampleProject.write(
            tmp.resolve("green"),
            SampleProject.BUGGY_CART.replace("i <= prices.length", "i < prices.length"),
            SampleProject.CART_TEST);
    Git.initWithCommit(repo);
    String before = System.getProperty("kintsugi.bwrap");
    System.setProperty("kintsugi.bwrap", tmp.resolve("no-such-bwrap").toString());
    HealOutcome refused;
    HealOutcome unconfined;
    try {
      refused = heal(repo, options(repo));
      unconfined = heal(repo, options(repo).unconfined());
    } finally {
      if (before == null) {
        System.clearProperty("kintsugi.bwrap");
      } else {
        System.setProperty("kintsugi.bwrap", before);
      }
    }

    assertThat(refused.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(refused.report().status()).isEqualTo(HealReport.Status.ERROR);
    assertThat(refused.report().reason())
        .contains("bubblewrap (bwrap) is not installed")
        .contains("apt-get install bubblewrap");
    assertThat(unconfined.report().status()).isEqualTo(HealReport.Status.HEALTHY);
    assertThat(unconfined.report().warnings()).anyMatch(w -> w.contains("UNCONFINED"));
  }

  @Test
  void aDirtyCheckoutIsHealedFromItsCommittedStateAndStaysDirty() throws Exception {
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    Git git = Git.initWithCommit(repo);
    Files.writeString(
        repo.resolve("src/main/java/shop/Cart.java"),
        "// work in progress\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(repo.resolve("notes.txt"), "untracked");
    String state = git.checkoutState();
    String files = SampleProject.treeDigest(repo);

    HealOutcome outcome = heal(repo, options(repo));

    assertThat(outcome.report().status())
        .as(outcome.report().reason())
        .isEqualTo(HealReport.Status.FIXED);
    assertThat(outcome.report().warnings()).anyMatch(w -> w.contains("uncommitted changes"));
    assertThat(git.checkoutState()).isEqualTo(state);
    assertThat(SampleProject.treeDigest(repo)).isEqualTo(files);
  }

  @Nested
  class BadInput {

    @Test
    void aPathThatDoesNotExist() {
      HealOutcome outcome = heal(tmp.resolve("nope"), options(tmp.resolve("nope")));
      assertBadInput(outcome, "does not exist");
    }

    @Test
    void aFileInsteadOfADirectory() throws Exception {
      Path file = Files.writeString(tmp.resolve("file.txt"), "x");
      assertBadInput(heal(file, options(file)), "is not a directory");
    }

    @Test
    void aDirectoryThatIsNotAGitRepository() {
      Path repo = SampleProject.buggyCart(tmp.resolve("plain"));
      assertBadInput(heal(repo, options(repo)), "is not a git repository");
    }

    @Test
    void aRepositoryWithoutCommits() {
      Path repo = SampleProject.buggyCart(tmp.resolve("empty"));
      new Git(repo).run("init", "-q");
      assertBadInput(heal(repo, options(repo)), "has no commits");
    }

    @Test
    void aRepositoryWithoutAMavenBuild() throws Exception {
      Path repo = Files.createDirectories(tmp.resolve("nomaven"));
      Files.writeString(repo.resolve("README.md"), "hello");
      Git.initWithCommit(repo);
      assertBadInput(heal(repo, options(repo)), "no Maven build");
    }

    @Test
    void aProjectThatDoesNotCompile() {
      Path repo =
          SampleProject.write(
              tmp.resolve("broken"),
              SampleProject.BUGGY_CART.replace("return sum;", "return sum"),
              SampleProject.CART_TEST);
      Git git = Git.initWithCommit(repo);
      String state = git.checkoutState();
      HealOutcome outcome = heal(repo, options(repo));
      assertBadInput(outcome, "does not compile");
      assertThat(outcome.report().reason()).contains("Cart.java");
      assertThat(git.checkoutState()).isEqualTo(state);
    }

    @Test
    void aTestThatHangsIsKilledAndReported() throws Exception {
      Path repo =
          SampleProject.write(
              tmp.resolve("hang"),
              SampleProject.BUGGY_CART.replace(
                  "int sum = 0;", "int sum = 0; while (prices.length >= 0) { }"),
              SampleProject.CART_TEST);
      Git.initWithCommit(repo);
      long start = System.nanoTime();
      HealOutcome outcome = heal(repo, options(repo).withTimeout(Duration.ofSeconds(25)));
      assertBadInput(outcome, "did not finish within its time limit");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
      // Killed processes may take a moment to be reaped; none may survive that.
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline
          && ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)) {
        Thread.sleep(100);
      }
      assertThat(
              ProcessHandle.current()
                  .descendants()
                  .filter(ProcessHandle::isAlive)
                  .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
          .isEmpty();
    }

    private void assertBadInput(HealOutcome outcome, String reason) {
      assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(outcome.report().status()).isEqualTo(HealReport.Status.ERROR);
      assertThat(outcome.report().reason()).contains(reason);
      assertThat(tmp.resolve("heal.json")).exists();
    }
  }

  @Test
  void greenTestsAreHealthyAndChangeNothing() throws Exception {
    Path repo =
        SampleProject.write(
            tmp.resolve("green"),
            SampleProject.BUGGY_CART.replace("i <= prices.length", "i < prices.length"),
            SampleProject.CART_TEST);
    Git git = Git.initWithCommit(repo);
    String branches = git.run("branch", "--list");

    HealOutcome outcome = heal(repo, options(repo));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.HEALTHY);
    assertThat(outcome.report().reason()).isEqualTo("all 3 tests pass");
    assertThat(git.run("branch", "--list")).isEqualTo(branches);
  }

  @Test
  void aBugNoTemplateCanFixEndsNotFixedWithAReport() throws Exception {
    // The test expects a 10% discount that the code never applies: no single-token edit fixes it.
    String test =
        SampleProject.CART_TEST.replace(
            "assertEquals(6, Cart.total(new int[] {1, 2, 3}));",
            "assertEquals(\"total: 6 EUR\", \"total: \" + Cart.total(new int[] {1, 2, 3}) + \" USD\");");
    Path repo =
        SampleProject.write(
            tmp.resolve("unfixable"),
            SampleProject.BUGGY_CART.replace("i <= prices.length", "i < prices.length"),
            test);
    Git git = Git.initWithCommit(repo);
    String branches = git.run("branch", "--list");

    HealOutcome outcome = heal(repo, options(repo).withMaxRounds(1));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.NOT_FIXED);
    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(outcome.report().branch()).isNull();
    assertThat(git.run("branch", "--list")).isEqualTo(branches);
    assertThat(ReportWriter.read(tmp.resolve("heal.json")).status())
        .isEqualTo(HealReport.Status.NOT_FIXED);
  }

  /** Multi-module builds: {@code app} depends on {@code lib}, the bug is in {@code lib}. */
  @Nested
  class Reactors {

    @Test
    void healsABugInAnUpstreamModuleThatOnlyADownstreamTestSees() throws Exception {
      Path repo =
          SampleReactor.write(
              tmp.resolve("reactor"), SampleProject.BUGGY_CART, SampleReactor.LIB_TEST_OF_MAX_ONLY);
      assertThat(SampleReactor.LIB_TEST_OF_MAX_ONLY).doesNotContain("total");
      Git git = Git.initWithCommit(repo);
      String base = git.run("rev-parse", "HEAD");

      HealReport report = heal(repo, options(repo)).report();

      assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
      assertThat(report.failingTests())
          .containsExactly("shop.app.CheckoutTest#dueIsTheSumOfThePrices");
      assertThat(report.diagnosis().locations().get(0).file())
          .isEqualTo("lib/src/main/java/shop/Cart.java");
      assertThat(report.fix().files()).containsExactly("lib/src/main/java/shop/Cart.java");
      assertThat(report.fix().diff()).contains("+    for (int i = 0; i < prices.length; i++) {");
      assertThat(report.warnings()).noneMatch(w -> w.contains("disagrees with the build"));
      assertThat(progress).anyMatch(l -> l.contains("healing from module app"));
      assertThat(git.run("diff", "--name-only", base, report.branch()))
          .isEqualTo("lib/src/main/java/shop/Cart.java");
      // The branch builds as a whole reactor: every module's tests pass.
      Path clone = tmp.resolve("clone");
      new Git(tmp).run("clone", "-q", "-b", report.branch(), repo.toString(), clone.toString());
      ProcessBuilder mvn =
          new ProcessBuilder("mvn", "-B", "-o", "-q", "test").directory(clone.toFile());
      assertThat(mvn.inheritIO().start().waitFor()).isZero();
      assertThat(clone.resolve("app/target/surefire-reports")).isDirectory();
      try (var left = Files.list(tmp.resolve("work"))) {
        assertThat(left).isEmpty();
      }
    }

    @Test
    void healsFromTheMostUpstreamFailingModule() throws Exception {
      // lib's own test and app's test fail: lib's tests guide the repair, the confirm build
      // (the whole reactor) checks app's.
      Path repo =
          SampleReactor.write(
              tmp.resolve("reactor"), SampleProject.BUGGY_CART, SampleProject.CART_TEST);
      Git.initWithCommit(repo);

      HealReport report = heal(repo, options(repo)).report();

      assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
      assertThat(report.failingTests())
          .containsExactlyInAnyOrder(
              "shop.CartTest#totalAddsAllPrices", "shop.app.CheckoutTest#dueIsTheSumOfThePrices");
      assertThat(report.fix().files()).containsExactly("lib/src/main/java/shop/Cart.java");
      assertThat(progress).anyMatch(l -> l.contains("healing from module lib"));
      assertThat(report.warnings())
          .anyMatch(
              w -> w.startsWith("1 failing test(s) of other modules run only in the confirm"));
    }

    @Test
    void anUpstreamModuleThatDoesNotCompileIsBadInputAndLeavesNothing() throws Exception {
      Path repo =
          SampleReactor.write(
              tmp.resolve("reactor"),
              SampleProject.BUGGY_CART.replace("return sum;", "return sum"),
              SampleProject.CART_TEST);
      Git git = Git.initWithCommit(repo);
      String branches = git.run("branch", "--list");
      String files = SampleProject.treeDigest(repo);

      HealOutcome outcome = heal(repo, options(repo));

      assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(outcome.report().status()).isEqualTo(HealReport.Status.ERROR);
      assertThat(outcome.report().reason())
          .contains("does not compile (module lib; the modules that depend on it were not built)")
          .contains("Cart.java");
      assertThat(outcome.report().branch()).isNull();
      assertThat(git.run("branch", "--list")).isEqualTo(branches);
      assertThat(SampleProject.treeDigest(repo)).isEqualTo(files);
      try (var left = Files.list(tmp.resolve("work"))) {
        assertThat(left).isEmpty();
      }
    }
  }
}
