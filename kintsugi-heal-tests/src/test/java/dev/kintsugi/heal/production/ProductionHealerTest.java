package dev.kintsugi.heal.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production heals on real git repositories and real Maven builds: a reproduction test from the
 * captured arguments, the release commit healed, the branch holding test and fix, the honest
 * fallback, and repositories registered by URL.
 */
class ProductionHealerTest {

  /** A boundary bug the shipped tests do not reach: 4 kilos index past the rate table. */
  static final String CART =
      """
      package shop;

      /** Shipping rates. */
      public class Cart {
        private static final int[] RATES = {0, 100, 200, 300};

        /** Cost by whole kilos; parcels beyond the table go by freight. */
        public static int shipping(int kilos) {
          if (kilos <= RATES.length) {
            return RATES[kilos];
          }
          return 999;
        }
      }
      """;

  static final String CART_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CartTest {
        @Test
        void nothingShipsForFree() {
          assertEquals(0, Cart.shipping(0));
        }

        @Test
        void twoKilosCostTheSecondRate() {
          assertEquals(200, Cart.shipping(2));
        }

        @Test
        void heavyParcelsGoByFreight() {
          assertEquals(999, Cart.shipping(10));
        }
      }
      """;

  @TempDir Path tmp;

  private ProductionHealer healer() {
    return new ProductionHealer(
        HealOptions.defaults(tmp)
            .withWorkDir(tmp.resolve("work"))
            .withMemoryDir(null)
            .withTimeout(Duration.ofMinutes(3)),
        tmp.resolve("mirrors"),
        Progress.printingTo(System.out),
        Clock.systemUTC());
  }

  /** A request whose frames were all seen in two events, on the default branch's history. */
  static IncidentHealRequest request(
      long id, String title, String repo, List<String> packages, ProductionError error) {
    Map<String, Integer> seen = new java.util.HashMap<>();
    error.exceptions().forEach(e -> e.frames().forEach(f -> seen.put(f.qualifiedMethod(), 2)));
    return new IncidentHealRequest(
        id,
        title,
        repo,
        packages,
        error,
        List.of(),
        seen,
        IncidentHealRequest.DEFAULT_MIN_FRAME_SIGHTINGS);
  }

  /** The error the agent would send for Cart.shipping(4) at line 10. */
  static ProductionError error(String release, Map<String, Object> vars) {
    return new ProductionError(
        "0123456789abcdef0123456789abcdef",
        List.of(
            new CapturedException(
                "java.lang.ArrayIndexOutOfBoundsException",
                "Index 4 out of bounds for length 4",
                List.of(
                    new CapturedFrame("java.lang.Thread", "run", "Thread.java", 840, false, null),
                    new CapturedFrame("shop.Api", "handle", "Api.java", 20, true, null),
                    new CapturedFrame("shop.Cart", "shipping", "Cart.java", 10, true, vars)))),
        Optional.ofNullable(release),
        Optional.of("production"));
  }

  static Path project(Path dir) {
    return SampleProject.write(dir, CART, CART_TEST);
  }

  @Test
  void healsTheReleaseCommitWithAReproductionTestAndDeliversBoth() throws Exception {
    Path repo = project(tmp.resolve("shop"));
    Git git = Git.initWithCommit(repo);
    String release = git.run("rev-parse", "HEAD");
    Files.writeString(repo.resolve("NOTES.md"), "a later commit\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "later");
    String before = git.checkoutState();

    IncidentHealOutcome outcome =
        healer()
            .heal(
                request(
                    7,
                    "ArrayIndexOutOfBoundsException",
                    repo.toString(),
                    List.of("shop"),
                    error(release, Map.of("kilos", 4))));

    assertThat(outcome.status()).as(outcome.summary()).isEqualTo("fixed");
    assertThat(outcome.reproduced()).isTrue();
    String branch = outcome.branch().orElseThrow();
    assertThat(git.run("rev-parse", branch + "^")).isEqualTo(release);
    String files = git.run("show", "--name-only", "--format=", branch);
    assertThat(files).contains("src/main/java/shop/Cart.java").contains("src/test/java/shop/");
    String testFile =
        files.lines().filter(f -> f.startsWith("src/test/java/shop/")).findFirst().orElseThrow();
    assertThat(git.run("show", branch + ":" + testFile))
        .contains("int kilos = 4;")
        .contains("Cart.shipping(kilos)")
        .contains("@Test");
    assertThat(git.run("show", branch + ":src/main/java/shop/Cart.java"))
        .doesNotContain("kilos <= RATES.length)")
        .contains("return RATES[kilos];");
    assertThat(git.run("log", "-1", "--format=%B", branch))
        .startsWith("Fix ArrayIndexOutOfBoundsException in Cart.shipping seen in production\n")
        .contains("Reproduction:");
    assertThat(git.checkoutState()).isEqualTo(before);

    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.get("baseCommit").asText()).isEqualTo(release);
    assertThat(report.at("/reproduction/confirmed").asBoolean()).isTrue();
    // The report carries the reproduction test's source, as the fix commit holds it.
    assertThat(report.at("/reproduction/source").asText().strip())
        .isEqualTo(git.run("show", branch + ":" + testFile));
    // Each ranked location shows its line as the healed commit has it.
    assertThat(report.at("/diagnosis/locations").toString())
        .contains("\"code\":\"return RATES[kilos];\"");
    assertThat(report.get("failingTests").toString()).contains("KintsugiRepro");
    // The tests cannot tell a bound check from a clamp of the index: the report says so.
    assertThat(report.at("/fix/explanation").asText())
        .contains("places (the tests do not decide between them)");
    assertThat(report.at("/fix/alternatives").toString())
        .contains("Math.min(kilos, RATES.length - 1)")
        .contains("src/main/java/shop/Cart.java:10");
  }

  @Test
  void withoutArgumentsItFallsBackHonestlyAndDoesNotInventAFix() throws Exception {
    Path repo = project(tmp.resolve("shop"));
    Git git = Git.initWithCommit(repo);
    String release = git.run("rev-parse", "HEAD");

    IncidentHealOutcome outcome =
        healer()
            .heal(request(8, "AIOOBE", repo.toString(), List.of("shop"), error(release, Map.of())));

    assertThat(outcome.status()).isEqualTo("not_fixed");
    assertThat(outcome.reproduced()).isFalse();
    assertThat(outcome.branch()).isEmpty();
    assertThat(outcome.summary())
        .contains("could not be reproduced")
        .contains("without a failing test no fix can be validated");
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.at("/reproduction/confirmed").asBoolean()).isFalse();
    assertThat(report.at("/reproduction/notes").toString()).contains("shop.Cart.shipping");
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
  }

  @Test
  void clonesARepositoryRegisteredByUrlPushesTheRunsBranchAndAHealAgainReusesIt() throws Exception {
    Path work = project(tmp.resolve("shop"));
    Git.initWithCommit(work);
    Path bare = tmp.resolve("shop.git");
    new Git(tmp).run("clone", "-q", "--bare", work.toString(), bare.toString());
    // As the server asks: the run's own branch, the same at every attempt of the run.
    IncidentHealRequest request =
        request(
                9,
                "AIOOBE",
                bare.toUri().toString(),
                List.of("shop"),
                error("v1.0", Map.of("kilos", 4)))
            .withDelivery(DeliveryRequest.BRANCH.withBranch(DeliveryRequest.runBranch(9, 41)));
    List<String> steps = new CopyOnWriteArrayList<>();

    IncidentHealOutcome outcome = healer().heal(request, (stage, message) -> steps.add(message));

    assertThat(outcome.status()).as(outcome.summary()).isEqualTo("fixed");
    String branch = outcome.branch().orElseThrow();
    assertThat(branch).isEqualTo("kintsugi/fix-i9-r41");
    assertThat(steps)
        .as("the intent, stored before the branch is made")
        .contains("delivering: branch kintsugi/fix-i9-r41");
    assertThat(new Git(bare).run("branch", "--list", branch)).contains(branch);
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.get("warnings").toString())
        .contains("is not a commit of the repository")
        .contains("pushed branch " + branch);

    // The node died before storing the outcome; another attempt heals the run again.
    IncidentHealOutcome again = healer().heal(request);
    assertThat(again.branch()).contains(branch);
    assertThat(again.commit())
        .as("the same fix: the branch as delivered")
        .isEqualTo(outcome.commit());
    assertThat(new Git(bare).run("branch", "--list", "kintsugi/*").strip()).isEqualTo(branch);
    assertThat(new Git(bare).run("rev-parse", branch)).isEqualTo(outcome.commit().orElseThrow());
  }

  @Test
  void aRepositoryThatIsNeitherADirectoryNorAUrlIsAnErrorNamingIt() {
    IncidentHealOutcome outcome =
        healer()
            .heal(
                request(
                    1, "x", tmp.resolve("nowhere").toString(), List.of(), error(null, Map.of())));
    assertThat(outcome.status()).isEqualTo("error");
    assertThat(outcome.summary()).contains("nowhere").contains("neither a directory nor a git URL");
  }

  @Test
  void aFrameSeenInOneEventIsNeverCalledByTheReproduction() throws Exception {
    Path repo = project(tmp.resolve("shop"));
    Git git = Git.initWithCommit(repo);
    ProductionError error = error(git.run("rev-parse", "HEAD"), Map.of("kilos", 4));
    Map<String, Integer> once = new java.util.HashMap<>();
    error.exceptions().forEach(e -> e.frames().forEach(f -> once.put(f.qualifiedMethod(), 1)));

    IncidentHealOutcome outcome =
        healer()
            .heal(
                new IncidentHealRequest(
                    10, "AIOOBE", repo.toString(), List.of("shop"), error, List.of(), once, 2));

    assertThat(outcome.reproduced()).isFalse();
    assertThat(outcome.branch()).isEmpty();
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.at("/reproduction/notes").toString())
        .contains("seen in 1 event(s)")
        .contains("at least 2");
    assertThat(report.toString()).doesNotContain("KintsugiRepro");
  }

  @Test
  void anUntrustedReleaseIsNeverBuiltTheBranchHeadIsHealedInstead() throws Exception {
    Path repo = project(tmp.resolve("shop"));
    Git git = Git.initWithCommit(repo);
    String head = git.run("rev-parse", "HEAD");
    git.run("checkout", "-q", "-b", "attacker");
    Files.writeString(repo.resolve("NOTES.md"), "a commit on no trusted branch\n");
    git.run("add", "-A");
    git.run("commit", "-q", "-m", "side");
    String untrusted = git.run("rev-parse", "HEAD");
    git.run("checkout", "-q", "-");

    IncidentHealOutcome outcome =
        healer()
            .heal(
                request(
                    11,
                    "AIOOBE",
                    repo.toString(),
                    List.of("shop"),
                    error(untrusted, Map.of("kilos", 4))));

    assertThat(outcome.status()).as(outcome.summary()).isEqualTo("fixed");
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.get("baseCommit").asText()).isEqualTo(head).isNotEqualTo(untrusted);
    assertThat(report.get("warnings").toString())
        .contains("not reachable from the trusted default branch")
        .contains("neither checked out nor built");
  }

  @Test
  void aFailedCloneLeavesNothingBehind() throws Exception {
    IncidentHealOutcome outcome =
        healer()
            .heal(
                request(
                    12,
                    "x",
                    tmp.resolve("no-such.git").toUri().toString(),
                    List.of("shop"),
                    error(null, Map.of())));
    assertThat(outcome.status()).isEqualTo("error");
    assertThat(outcome.summary()).contains("cannot clone");
    try (var left = Files.list(tmp.resolve("mirrors"))) {
      assertThat(left.toList()).isEmpty();
    }
  }
}
