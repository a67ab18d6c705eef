package dev.kintsugi.java.localize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultLocalizerTest {

  static final String PRICE = "src/main/java/shop/Price.java";
  static final TestId FAILS = new TestId("shop.PriceTest", "discount");
  static final TestId PASSES = new TestId("shop.PriceTest", "plain");

  final FaultLocalizer localizer =
      new FaultLocalizer(SourceIndex.of(Map.of("shop/Price.java", PRICE)));

  @Test
  void spectrumRanksLinesRunOnlyByFailingTestsFirst() {
    var coverage =
        new Coverage(
            Map.of(
                FAILS, Map.of(PRICE, Set.of(3, 4, 7)),
                PASSES, Map.of(PRICE, Set.of(3, 7))));
    var failing =
        failed(
            FAILS,
            "org.opentest4j.AssertionFailedError",
            "\tat shop.PriceTest.discount(PriceTest.java:8)");

    var diagnosis =
        localizer.localize(
            List.of(failing), List.of(failing, TestOutcome.passed(PASSES, 1)), coverage);

    assertThat(diagnosis.locations()).extracting(RankedLocation::line).containsExactly(4, 3, 7);
    assertThat(diagnosis.locations().get(0).score()).isEqualTo(0.5);
    assertThat(diagnosis.locations().get(0).evidence()).isEqualTo("ochiai 1.00");
    assertThat(diagnosis.summary()).contains(PRICE + ":4");
  }

  @Test
  void stackFramesInMainCodeOutrankCoverageTies() {
    var coverage =
        new Coverage(
            Map.of(FAILS, Map.of(PRICE, Set.of(3, 4, 5)), PASSES, Map.of(PRICE, Set.of(9))));
    var failing =
        failed(
            FAILS,
            "java.lang.NullPointerException",
            """
            \tat shop.Price.net(Price.java:5)
            \tat shop.Price.total(Price.java:3)
            \tat shop.PriceTest.discount(PriceTest.java:8)
            """);

    var diagnosis =
        localizer.localize(
            List.of(failing), List.of(failing, TestOutcome.passed(PASSES, 1)), coverage);

    assertThat(diagnosis.locations()).extracting(RankedLocation::line).containsExactly(5, 3, 4);
    assertThat(diagnosis.locations().get(0).score()).isEqualTo(1.0);
    assertThat(diagnosis.locations().get(0).evidence()).isEqualTo("stack frame #1, ochiai 1.00");
    assertThat(diagnosis.locations().get(1).score()).isEqualTo(0.75);
    assertThat(diagnosis.summary()).contains("NullPointerException");
  }

  @Test
  void withoutCoverageStackFramesAloneRankAndTestFramesAreIgnored() {
    var failing =
        failed(
            FAILS,
            "java.lang.ArithmeticException",
            "\tat shop.Price.ratio(Price.java:11)\n\tat shop.PriceTest.discount(PriceTest.java:8)");

    var diagnosis = localizer.localize(List.of(failing), List.of(failing), Coverage.empty());

    assertThat(diagnosis.locations())
        .containsExactly(new RankedLocation(PRICE, 11, 0.5, "stack frame #1"));
  }

  @Test
  void nothingRankableGivesAnEmptyDiagnosisWithAReason() {
    var failing = failed(FAILS, "java.lang.AssertionError", "");

    var diagnosis = localizer.localize(List.of(failing), List.of(failing), Coverage.empty());

    assertThat(diagnosis.locations()).isEmpty();
    assertThat(diagnosis.summary()).contains("no main-code line");
  }

  @Test
  void sourceIndexMapsPackagesToRepositoryPaths(@TempDir Path root) throws Exception {
    Path src = root.resolve("src/main/java");
    Files.createDirectories(src.resolve("shop"));
    Files.writeString(src.resolve("shop/Price.java"), "package shop; class Price {}");

    var index = SourceIndex.scan(root, List.of(src, root.resolve("missing")));

    assertThat(index.find("shop", "Price.java")).contains(PRICE);
    assertThat(index.find("shop", "PriceTest.java")).isEmpty();
    assertThat(index.find("", "Price.java")).isEmpty();
  }

  private static TestOutcome failed(TestId id, String type, String trace) {
    return new TestOutcome(id, TestStatus.FAILED, 3, type, "boom", type + ": boom\n" + trace);
  }
}
