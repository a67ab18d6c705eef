package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.reproduce.Reproduction;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.heal.report.HealReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealRunTest {

  private static Reproducer.ReproductionTest test(String source) {
    return new Reproducer.ReproductionTest(
        "src/test/java/shop/KintsugiReproTest.java",
        source,
        new TestId("shop.KintsugiReproTest", "reproduces"),
        "Cart.total([1, 2])",
        "ArrayIndexOutOfBoundsException in Cart.total");
  }

  @Test
  void theReportKeepsTheGeneratedTestsSourceWhetherItReproducedOrNot() {
    String source = "package shop;\n\nclass KintsugiReproTest {}\n";

    HealReport.ReproductionPart kept =
        HealRun.reproductionPart(new Reproduction.Reproduced(test(source), List.of("built")));
    HealReport.ReproductionPart dropped =
        HealRun.reproductionPart(new Reproduction.Dropped(test(source), "passed", List.of()));
    HealReport.ReproductionPart absent =
        HealRun.reproductionPart(new Reproduction.Absent(List.of("no frame")));

    assertThat(kept.source()).isEqualTo(source);
    assertThat(kept.notes()).containsExactly("built");
    assertThat(dropped.source()).isEqualTo(source);
    assertThat(absent.source()).isNull();
  }

  @Test
  void aSourceOver64KiBIsCutOnACharacterAndTheNotesSaySo() {
    String source = "// é\n".repeat(20_000); // 6 bytes a line: 120 000 bytes

    HealReport.ReproductionPart part =
        HealRun.reproductionPart(new Reproduction.Reproduced(test(source), List.of("built")));

    byte[] bytes = part.source().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isLessThanOrEqualTo(64 * 1024).isGreaterThan(64 * 1024 - 4);
    assertThat(source).startsWith(part.source());
    assertThat(part.source()).doesNotContain("\uFFFD");
    assertThat(part.notes())
        .hasSize(2)
        .last()
        .asString()
        .contains("truncated")
        .contains("64 KiB")
        .contains("120000 bytes");
  }
}
