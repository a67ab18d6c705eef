package dev.kintsugi.learn;

import static dev.kintsugi.learn.Fixtures.failure;
import static dev.kintsugi.learn.Fixtures.fix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.learn.FixExample;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixMemoryTest {

  @TempDir Path dir;

  private final Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static TestOutcome other() {
    return new TestOutcome(
        new TestId("com.shop.CartTest", "totals"),
        TestStatus.ERROR,
        3,
        "java.lang.ArrayIndexOutOfBoundsException",
        "Index 5 out of bounds for length 5 token=abc123secret",
        "java.lang.ArrayIndexOutOfBoundsException\n\tat com.shop.Cart.total(Cart.java:20)\n");
  }

  private static TestOutcome invoiceFailure() {
    return new TestOutcome(
        new TestId("com.shop.InvoiceTest", "discount"),
        TestStatus.FAILED,
        1,
        "org.opentest4j.AssertionFailedError",
        "expected: <45> but was: <50>",
        "\tat com.shop.InvoiceTest.discount(InvoiceTest.java:12)\n");
  }

  @Test
  void healsThatLearnAtOnceInOneProcessKeepEveryFix() throws Exception {
    // Each heal opens its own memory over the same file; concurrent heals learn at the same time.
    FixMemory first = FixMemory.open(dir, clock);
    FixMemory second = FixMemory.open(dir, clock);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      FixMemory memory = i % 2 == 0 ? first : second;
      String message = "expected: <" + i + "> but was: <100>";
      done.add(
          pool.submit(
              () ->
                  memory.learn(
                      List.of(failure(message)),
                      fix("template:relational-operator"),
                      FixMemory.DELIVERED)));
    }
    for (var f : done) {
      f.get(); // rethrows what learn threw
    }
    pool.shutdown();
    assertThat(FixMemory.open(dir, clock).all()).hasSize(20);
  }

  @Test
  void storesAndRecallsTheSameFingerprint() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(
        List.of(failure("expected: <90> but was: <100>")),
        fix("template:relational-operator"),
        FixMemory.VALIDATED);
    RememberedFix stored = memory.all().get(0);

    Fingerprint fp = Fingerprint.of(List.of(failure("another message")));
    assertThat(fp.frames()).containsExactly("com.shop.PricingTest.bulkDiscount");
    assertThat(memory.recall(fp)).contains(stored);
    assertThat(stored.diff())
        .contains("--- a/" + Fixtures.PRICING)
        .contains("-" + Fixtures.BUGGY_LINE)
        .contains("+" + Fixtures.FIXED_LINE);
    assertThat(stored.recordedAt()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(stored.editPattern()).isEqualTo("template:relational-operator");
    assertThat(memory.recall(Fingerprint.of(List.of(other())))).isEmpty();
  }

  @Test
  void survivesARestartAndToleratesCorruptLines() throws IOException {
    FixMemory first = FixMemory.open(dir, clock);
    first.learn(List.of(failure("x")), fix("template:relational-operator"), FixMemory.VALIDATED);
    Files.writeString(
        first.file(), "{not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.writeString(
        first.file(), "{\"fingerprint\":\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    FixMemory second = FixMemory.open(dir, clock);
    assertThat(second.all()).hasSize(1);
    assertThat(second.skippedLines()).isEqualTo(2);
    assertThat(second.recall(Fingerprint.of(List.of(failure("y"))))).isPresent();

    // an append after a torn line starts on a fresh line, so it survives the next restart
    second.learn(List.of(other()), fix("llm:ollama/m"), FixMemory.VALIDATED);
    FixMemory third = FixMemory.open(dir, clock);
    assertThat(third.all()).hasSize(2);
    assertThat(third.skippedLines()).isEqualTo(2);
  }

  @Test
  void givesSimilarFixesAsExamplesAndScrubsStoredMessages() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(List.of(other()), fix("template:constant"), FixMemory.VALIDATED);
    memory.learn(List.of(invoiceFailure()), fix("template:relational-operator"), "delivered");
    // the same failure as the query's and a fix that did not work are never examples
    memory.learn(List.of(failure("x")), fix("llm:ollama/m"), FixMemory.VALIDATED);
    memory.learn(List.of(invoiceFailure()), fix("template:swap-arguments"), "regressed");

    List<FixExample> similar = memory.similar(List.of(failure("expected: <90> but was: <100>")), 2);

    assertThat(similar).isNotEmpty();
    FixExample best = similar.get(0);
    assertThat(best.tests()).containsExactly("com.shop.InvoiceTest#discount");
    assertThat(best.editPattern()).isEqualTo("template:relational-operator");
    assertThat(best.diff()).contains("+" + Fixtures.FIXED_LINE);
    assertThat(best.files()).containsExactly(Fixtures.PRICING);
    assertThat(similar)
        .extracting(FixExample::editPattern)
        .doesNotContain("llm:ollama/m", "template:swap-arguments");
    assertThat(memory.similar(List.of(failure("x")), 0)).isEmpty();
    assertThat(memory.all().get(0).message()).doesNotContain("abc123secret");
  }

  @Test
  void templateSuccessesRaisePriors() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(List.of(other()), fix("template:relational-operator"), FixMemory.VALIDATED);
    memory.learn(
        List.of(failure("a")), fix("template:relational-operator+off-by-one"), FixMemory.DELIVERED);
    memory.learn(List.of(failure("b")), fix("template:constant"), "regressed");

    assertThat(memory.templatePriorMultipliers())
        .containsOnlyKeys("relational-operator", "off-by-one")
        .hasEntrySatisfying("relational-operator", m -> assertThat(m).isGreaterThan(1.5));
    assertThat(memory.successCounts()).containsEntry("template:relational-operator", 1);
  }

  @Test
  void trackRecordsCountDeliveredFixesPerFamilyLessThoseFoundWrong() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(List.of(failure("a")), fix("template:clamp"), FixMemory.DELIVERED);
    memory.learn(List.of(failure("b")), fix("template:null-guard"), FixMemory.DELIVERED);
    memory.learn(List.of(failure("c")), fix("template:off-by-one"), FixMemory.DELIVERED);
    memory.learn(List.of(failure("c")), fix("template:off-by-one"), "regressed");
    memory.learn(List.of(failure("d")), fix("template:constant"), FixMemory.VALIDATED);
    memory.learn(List.of(failure("e")), fix("llm:ollama/qwen"), FixMemory.DELIVERED);

    assertThat(memory.trackRecord("template")).isEqualTo(new TrackRecord(2, 1));
    assertThat(memory.trackRecord("llm")).isEqualTo(new TrackRecord(1, 0));
    assertThat(memory.trackRecord("pattern")).isEqualTo(TrackRecord.NONE);
    // Reopened from its file, the record is the same.
    assertThat(FixMemory.open(dir, clock).trackRecord("template")).isEqualTo(new TrackRecord(2, 1));
  }

  @Test
  void aFixFoundWrongByItsDiffCountsFailedOnceAndIsNoLongerRecalled() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(List.of(failure("a")), fix("template:clamp"), FixMemory.DELIVERED);
    Fingerprint fingerprint = Fingerprint.of(List.of(failure("a")));
    assertThat(memory.recall(fingerprint)).isPresent();
    assertThat(memory.trackRecord("template")).isEqualTo(new TrackRecord(1, 0));

    // Found by its changes alone, as read back from its commit.
    var recorded = memory.recordOutcome(fix("template:whatever").changes(), "regressed");

    assertThat(recorded).isPresent();
    assertThat(recorded.get().outcome()).isEqualTo("regressed");
    assertThat(recorded.get().editPattern()).isEqualTo("template:clamp");
    assertThat(memory.trackRecord("template")).isEqualTo(new TrackRecord(0, 1));
    assertThat(memory.recall(fingerprint)).isEmpty();
    // Told twice (a second event of the release), it still counts once; reopened, the same.
    memory.recordOutcome(fix("template:clamp").changes(), "regressed");
    FixMemory reopened = FixMemory.open(dir, clock);
    assertThat(reopened.trackRecord("template")).isEqualTo(new TrackRecord(0, 1));
    assertThat(reopened.recall(fingerprint)).isEmpty();
    assertThat(reopened.all()).hasSize(2);
  }

  @Test
  void anUnknownDiffOrAnOutcomeThatSaysNothingWentWrongIsNotRecorded() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.learn(List.of(failure("a")), fix("template:clamp"), FixMemory.DELIVERED);
    var other =
        List.of(
            new dev.kintsugi.core.repair.FileChange(
                Fixtures.PRICING, Fixtures.PRICING_TEXT, Fixtures.PRICING_TEXT + "// more\n"));

    assertThat(memory.recordOutcome(other, "regressed")).isEmpty();
    assertThatThrownBy(() -> memory.recordOutcome(other, FixMemory.DELIVERED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regressed");
    assertThat(memory.all()).hasSize(1);
  }

  @Test
  void refusesBadInputWithClearErrors() {
    FixMemory memory = FixMemory.open(dir, clock);

    assertThatThrownBy(() -> memory.learn(List.of(), fix("t"), FixMemory.VALIDATED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no failing tests");
    assertThatThrownBy(() -> memory.learn(List.of(failure("x")), fix("t"), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcome is blank");
    assertThatThrownBy(() -> memory.learn(List.of(failure("x")), null, FixMemory.VALIDATED))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("fix");
    assertThatThrownBy(() -> memory.similar(List.of(failure("x")), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThat(memory.all()).isEmpty();
  }
}
