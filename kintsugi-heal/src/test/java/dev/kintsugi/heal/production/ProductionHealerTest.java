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
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** The error the agent would send for Cart.shipping(4) at line 10. */
  private static ProductionError error(String release, Map<String, Object> vars) {
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

  private static Path project(Path dir) {
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
                new IncidentHealRequest(
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
    assertThat(report.get("failingTests").toString()).contains("KintsugiRepro");
  }

  @Test
  void withoutArgumentsItFallsBackHonestlyAndDoesNotInventAFix() throws Exception {
    Path repo = project(tmp.resolve("shop"));
    Git git = Git.initWithCommit(repo);
    String release = git.run("rev-parse", "HEAD");

    IncidentHealOutcome outcome =
        healer()
            .heal(
                new IncidentHealRequest(
                    8, "AIOOBE", repo.toString(), List.of("shop"), error(release, Map.of())));

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
  void clonesARepositoryRegisteredByUrlAndPushesTheFixBranchToIt() throws Exception {
    Path work = project(tmp.resolve("shop"));
    Git.initWithCommit(work);
    Path bare = tmp.resolve("shop.git");
    new Git(tmp).run("clone", "-q", "--bare", work.toString(), bare.toString());

    IncidentHealOutcome outcome =
        healer()
            .heal(
                new IncidentHealRequest(
                    9,
                    "AIOOBE",
                    bare.toUri().toString(),
                    List.of("shop"),
                    error("v1.0", Map.of("kilos", 4))));

    assertThat(outcome.status()).as(outcome.summary()).isEqualTo("fixed");
    String branch = outcome.branch().orElseThrow();
    assertThat(new Git(bare).run("branch", "--list", branch)).contains(branch);
    JsonNode report = new ObjectMapper().readTree(outcome.reportJson());
    assertThat(report.get("warnings").toString())
        .contains("release is not a commit")
        .contains("pushed branch " + branch);
  }

  @Test
  void aRepositoryThatIsNeitherADirectoryNorAUrlIsAnErrorNamingIt() {
    IncidentHealOutcome outcome =
        healer()
            .heal(
                new IncidentHealRequest(
                    1, "x", tmp.resolve("nowhere").toString(), List.of(), error(null, Map.of())));
    assertThat(outcome.status()).isEqualTo("error");
    assertThat(outcome.summary()).contains("nowhere").contains("neither a directory nor a git URL");
  }
}
