package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learn across heals, end to end: the edit of one project's delivered fix is proposed first in
 * another project with the same bug under other names, and its report says where it was learned.
 */
class LearnedPatternHealTest {

  static final String PARCEL =
      """
      package shop;

      /** Parcel weights. */
      public class Cart {
        public static int weight(int[] grams) {
          int total = 0;
          for (int g = 0; g <= grams.length; g++) {
            total += grams[g];
          }
          return total;
        }
      }
      """;

  static final String PARCEL_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CartTest {
        @Test
        void weightSumsGrams() {
          assertEquals(600, Cart.weight(new int[] {100, 200, 300}));
        }
      }
      """;

  @TempDir Path tmp;

  HealReport heal(Path repo) {
    return new HealLoop(Progress.silent(), Clock.systemUTC())
        .run(
            HealOptions.defaults(repo)
                .withWorkDir(tmp.resolve("work"))
                .withMemoryDir(tmp.resolve("memory"))
                .withTimeout(Duration.ofMinutes(5)))
        .report();
  }

  @Test
  void anEditLearnedInOneProjectFixesTheSameBugInAnother() throws Exception {
    Path first = SampleProject.buggyCart(tmp.resolve("first"));
    Git.initWithCommit(first);
    HealReport learned = heal(first);
    assertThat(learned.status()).as(learned.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(learned.fix().repairer()).startsWith("template:");

    Path second = SampleProject.write(tmp.resolve("second"), PARCEL, PARCEL_TEST);
    Git.initWithCommit(second);
    HealReport report = heal(second);

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.fix().repairer()).isEqualTo("pattern:BinaryExpr");
    assertThat(report.fix().diff()).contains("+    for (int g = 0; g < grams.length; g++) {");
    assertThat(report.fix().explanation())
        .contains("$0 <= $1 . length → $0 < $1 . length")
        .contains("learned from shop.CartTest#totalAddsAllPrices");
    assertThat(report.candidates().toFirstPlausible()).isEqualTo(1);
  }
}
