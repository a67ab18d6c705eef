package dev.kintsugi.heal.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.PreparedRelease;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production heals from prepared releases (issue 12), on real git repositories and Maven builds: a
 * commit is built once and every incident of it heals from that preparation, concurrently and
 * without crossing; a restarted process reuses the preparation on disk; the project's own build
 * still confirms each fix, and a fix it rejects is withdrawn without a branch.
 */
class PreparedHealTest {

  /** A second bug the tests miss: no items divides by zero. */
  static final String FEES =
      """
      package shop;

      /** Handling fees. */
      public class Fees {
        /** A flat fee split over the items of an order; none to split for no items. */
        public static int perItem(int flatFee, int items) {
          return items < 0 ? 0 : flatFee / items;
        }
      }
      """;

  static final String FEES_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class FeesTest {
        @Test
        void aFlatFeeIsSplitOverTheItems() {
          assertEquals(100, Fees.perItem(500, 5));
        }

        @Test
        void aReturnOrderPaysNoFee() {
          assertEquals(0, Fees.perItem(500, -1));
        }
      }
      """;

  @TempDir Path tmp;

  private final List<String> progress = new CopyOnWriteArrayList<>();

  private HealOptions options(Releases releases) {
    return HealOptions.defaults(tmp)
        .withWorkDir(tmp.resolve("work"))
        .withMemoryDir(null)
        .withTimeout(Duration.ofMinutes(3))
        .withWorkers(1)
        .withReleases(releases);
  }

  private ProductionHealer healer(HealOptions options) {
    Progress print = Progress.printingTo(System.out);
    return new ProductionHealer(
        options,
        tmp.resolve("mirrors"),
        (stage, message) -> {
          progress.add(stage + ": " + message);
          print.report(stage, message);
        },
        Clock.systemUTC());
  }

  private Path twoBugs() throws Exception {
    Path repo =
        SampleProject.write(
            tmp.resolve("shop"), ProductionHealerTest.CART, ProductionHealerTest.CART_TEST);
    Files.writeString(repo.resolve("src/main/java/shop/Fees.java"), FEES);
    Files.writeString(repo.resolve("src/test/java/shop/FeesTest.java"), FEES_TEST);
    return repo;
  }

  private static IncidentHealRequest cartIncident(Path repo) {
    return ProductionHealerTest.request(
        7,
        "ArrayIndexOutOfBoundsException",
        repo.toString(),
        List.of("shop"),
        ProductionHealerTest.error(null, Map.of("kilos", 4)));
  }

  private static IncidentHealRequest feesIncident(Path repo) {
    ProductionError error =
        new ProductionError(
            "fedcba9876543210fedcba9876543210",
            List.of(
                new CapturedException(
                    "java.lang.ArithmeticException",
                    "/ by zero",
                    List.of(
                        new CapturedFrame(
                            "java.lang.Thread", "run", "Thread.java", 840, false, null),
                        new CapturedFrame("shop.Api", "handle", "Api.java", 30, true, null),
                        new CapturedFrame(
                            "shop.Fees",
                            "perItem",
                            "Fees.java",
                            7,
                            true,
                            Map.of("flatFee", 500, "items", 0))))),
            Optional.empty(),
            Optional.of("production"));
    return ProductionHealerTest.request(
        8, "ArithmeticException", repo.toString(), List.of("shop"), error);
  }

  @Test
  void twoIncidentsOfOneReleaseHealAtOnceFromOnePreparationWithoutCrossing() throws Exception {
    Path repo = twoBugs();
    Git git = Git.initWithCommit(repo);
    String head = git.run("rev-parse", "HEAD");
    Releases releases = new Releases(tmp.resolve("releases"));
    ProductionHealer healer = healer(options(releases));

    CyclicBarrier together = new CyclicBarrier(2);
    CompletableFuture<IncidentHealOutcome> cart =
        CompletableFuture.supplyAsync(() -> healAfter(together, healer, cartIncident(repo)));
    CompletableFuture<IncidentHealOutcome> fees =
        CompletableFuture.supplyAsync(() -> healAfter(together, healer, feesIncident(repo)));

    IncidentHealOutcome cartFix = cart.get();
    IncidentHealOutcome feesFix = fees.get();
    assertThat(cartFix.status()).as(cartFix.summary()).isEqualTo("fixed");
    assertThat(feesFix.status()).as(feesFix.summary()).isEqualTo("fixed");
    assertThat(cartFix.reproduced()).isTrue();
    assertThat(feesFix.reproduced()).isTrue();
    // One build for both heals: the second waited for the first's preparation.
    assertThat(releases.builds()).isEqualTo(1);
    assertThat(progress).noneMatch(line -> line.contains("could not be prepared"));

    // Each branch holds its own fix and its own reproduction test, nothing of the other heal.
    List<String> cartFiles = changedFiles(git, cartFix.branch().orElseThrow());
    List<String> feesFiles = changedFiles(git, feesFix.branch().orElseThrow());
    assertThat(cartFiles).contains("src/main/java/shop/Cart.java").hasSize(2);
    assertThat(cartFiles).anyMatch(f -> f.startsWith("src/test/java/shop/") && f.contains("I7"));
    assertThat(feesFiles).contains("src/main/java/shop/Fees.java").hasSize(2);
    assertThat(feesFiles).anyMatch(f -> f.startsWith("src/test/java/shop/") && f.contains("I8"));
    assertThat(git.run("rev-parse", cartFix.branch().get() + "^")).isEqualTo(head);
    assertThat(git.run("rev-parse", feesFix.branch().get() + "^")).isEqualTo(head);
    assertThat(git.run("show", feesFix.branch().get() + ":src/main/java/shop/Fees.java"))
        .contains("items <= 0");

    // The prepared tree is as built: no heal wrote its test or fix into it.
    try (Stream<Path> files = Files.walk(tmp.resolve("releases"))) {
      assertThat(files.map(Path::toString))
          .noneMatch(f -> f.contains("KintsugiRepro"))
          .anyMatch(f -> f.endsWith("release.json"));
    }
    JsonNode report = new ObjectMapper().readTree(feesFix.reportJson());
    assertThat(report.at("/timingsMs/prepare").asLong()).isPositive();
    assertThat(report.at("/reproduction/confirmed").asBoolean()).isTrue();
  }

  @Test
  void aRestartReusesThePreparationOfAnUnchangedCommitAndANewCommitIsPreparedAgain()
      throws Exception {
    Path repo = twoBugs();
    Git git = Git.initWithCommit(repo);
    Releases first = new Releases(tmp.resolve("releases"));
    IncidentHealOutcome cart = healer(options(first)).heal(cartIncident(repo));
    assertThat(cart.status()).as(cart.summary()).isEqualTo("fixed");
    assertThat(first.builds()).isEqualTo(1);

    // A new process over the same directory: the commit is unchanged, nothing is built.
    Releases restarted = new Releases(tmp.resolve("releases"));
    IncidentHealOutcome fees = healer(options(restarted)).heal(feesIncident(repo));
    assertThat(fees.status()).as(fees.summary()).isEqualTo("fixed");
    assertThat(fees.reproduced()).isTrue();
    assertThat(restarted.builds()).isZero();
    assertThat(progress).anyMatch(line -> line.contains("reusing the preparation of"));
    assertThat(progress)
        .anyMatch(line -> line.startsWith("test: starting from the prepared build of"));

    // A new commit is a new release: prepared once more, beside the first.
    Files.writeString(repo.resolve("NOTES.md"), "a later commit\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "later");
    String later = git.run("rev-parse", "HEAD");
    PreparedRelease release =
        restarted.get(
            repo,
            later,
            new Releases.Settings(
                options(restarted).sandbox(), Optional.empty(), Duration.ofMinutes(2)),
            progress::add);
    assertThat(restarted.builds()).isEqualTo(1);
    assertThat(release.commit()).isEqualTo(later);
    assertThat(release.tree().resolve("NOTES.md")).exists();
    assertThat(release.coverage().outcomes()).hasSize(5);
  }

  @Test
  void aFixTheConfirmingBuildRejectsIsWithdrawnAndLeavesNoBranch() throws Exception {
    Path repo = twoBugs();
    Git git = Git.initWithCommit(repo);
    // The project's build checks more than the tests fast validation runs: here, that Cart.java is
    // never changed. Every fix of the Cart bug passes the fast path and fails the build.
    String digest =
        new String(
                new ProcessBuilder("sha256sum", "src/main/java/shop/Cart.java")
                    .directory(repo.toFile())
                    .start()
                    .getInputStream()
                    .readAllBytes())
            .strip();
    String command = "mvn -B -q test && echo '" + digest + "' | sha256sum -c -";
    Releases releases = new Releases(tmp.resolve("releases"));

    IncidentHealOutcome outcome =
        healer(options(releases).withTestCommand(command)).heal(cartIncident(repo));

    assertThat(outcome.status()).as(outcome.summary()).isEqualTo("not_fixed");
    assertThat(outcome.branch()).isEmpty();
    assertThat(git.run("branch", "--list", "kintsugi/*")).isBlank();
    assertThat(releases.builds()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.get("reason").asText())
        .contains("passed fast validation but the build rejected them");
    assertThat(report.at("/rejectedBy/build-confirms").asInt()).isPositive();
    List<String> warnings = new ArrayList<>();
    report.get("warnings").forEach(w -> warnings.add(w.asText()));
    assertThat(warnings)
        .anyMatch(w -> w.startsWith("the build rejected a candidate fast validation accepted"));
  }

  private static IncidentHealOutcome healAfter(
      CyclicBarrier barrier, ProductionHealer healer, IncidentHealRequest request) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return healer.heal(request);
  }

  private static List<String> changedFiles(Git git, String branch) {
    return git.run("show", "--name-only", "--format=", branch).lines().toList();
  }
}
