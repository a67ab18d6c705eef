package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
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
  @TempDir Path root;

  private final Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static Candidate fix(String repairer) {
    String after = Fixtures.CALC_TEXT.replace("i <= values.length", "i < values.length");
    return new Candidate(
        repairer,
        "i <= n → i < n at Calculator.java:10",
        List.of(new FileChange(Fixtures.CALC, Fixtures.CALC_TEXT, after)),
        0.9);
  }

  private static TestOutcome other() {
    return new TestOutcome(
        new TestId("com.shop.CartTest", "totals"),
        TestStatus.ERROR,
        3,
        "java.lang.ArrayIndexOutOfBoundsException",
        "Index 5 out of bounds for length 5 token=abc123secret",
        "java.lang.ArrayIndexOutOfBoundsException\n\tat com.shop.Cart.total(Cart.java:20)\n");
  }

  @Test
  void storesAndRecallsTheSameFingerprint() {
    FixMemory memory = FixMemory.open(dir, clock);
    RememberedFix stored =
        memory.remember(
            List.of(Fixtures.failure("Index 3")),
            fix("template:relational-operator"),
            FixMemory.VALIDATED);

    Fingerprint fp = Fingerprint.of(List.of(Fixtures.failure("another message")));
    assertThat(fp.frames())
        .containsExactly("com.acme.Calculator.sum", "com.acme.CalculatorTest.sums");
    assertThat(memory.recall(fp)).contains(stored);
    assertThat(stored.diff()).contains("-    for (int i = 0; i <= values.length; i++) {");
    assertThat(stored.recordedAt()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(memory.recall(Fingerprint.of(List.of(other())))).isEmpty();
  }

  @Test
  void survivesARestartAndToleratesCorruptLines() throws IOException {
    FixMemory first = FixMemory.open(dir, clock);
    first.remember(
        List.of(Fixtures.failure("x")), fix("template:relational-operator"), FixMemory.VALIDATED);
    Files.writeString(
        first.file(), "{not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Files.writeString(
        first.file(), "{\"fingerprint\":\"torn", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    FixMemory second = FixMemory.open(dir, clock);
    assertThat(second.all()).hasSize(1);
    assertThat(second.skippedLines()).isEqualTo(2);
    assertThat(second.recall(Fingerprint.of(List.of(Fixtures.failure("y"))))).isPresent();

    // an append after a torn line starts on a fresh line, so it survives the next restart
    second.remember(List.of(other()), fix("llm:ollama/m"), FixMemory.VALIDATED);
    FixMemory third = FixMemory.open(dir, clock);
    assertThat(third.all()).hasSize(2);
    assertThat(third.skippedLines()).isEqualTo(2);
  }

  @Test
  void findsSimilarFixesAndScrubsStoredMessages() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.remember(List.of(other()), fix("template:relational-operator"), FixMemory.VALIDATED);
    memory.remember(
        List.of(
            new TestOutcome(
                new TestId("com.io.ParserTest", "reads"),
                TestStatus.FAILED,
                1,
                "org.opentest4j.AssertionFailedError",
                "expected: <a> but was: <b>",
                "\tat com.io.Parser.read(Parser.java:3)\n")),
        fix("template:swap-arguments"),
        FixMemory.VALIDATED);

    List<RememberedFix> similar =
        memory.similar(
            Fingerprint.of(List.of(Fixtures.failure("Index 3 out of bounds"))),
            "Index 3 out of bounds for length 3",
            2);

    assertThat(similar).isNotEmpty();
    assertThat(similar.get(0).tests()).containsExactly("com.shop.CartTest#totals");
    assertThat(memory.all().get(0).message()).doesNotContain("abc123secret");
  }

  @Test
  void templateSuccessesRaisePriors() {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.remember(List.of(other()), fix("template:relational-operator"), FixMemory.VALIDATED);
    memory.remember(
        List.of(Fixtures.failure("a")),
        fix("template:relational-operator+off-by-one"),
        FixMemory.DELIVERED);
    memory.remember(List.of(Fixtures.failure("b")), fix("template:constant"), "regressed");

    assertThat(memory.templatePriorMultipliers())
        .containsOnlyKeys("relational-operator", "off-by-one")
        .hasEntrySatisfying("relational-operator", m -> assertThat(m).isGreaterThan(1.5));
    assertThat(memory.successCounts()).containsEntry("template:relational-operator", 1);
  }

  @Test
  void memoryRepairerReplaysTheRememberedFixOnMovedCode() throws IOException {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.remember(
        List.of(Fixtures.failure("x")), fix("template:relational-operator"), FixMemory.VALIDATED);
    Fixtures.project(root);
    // the file moved on since: two lines were added above the fix
    String moved =
        Fixtures.CALC_TEXT.replace(
            "/** Adds things. */", "// a comment\n// another\n/** Adds things. */");
    Fixtures.write(root, Fixtures.CALC, moved);

    MemoryRepairer repairer = new MemoryRepairer(memory);
    List<Candidate> candidates = repairer.propose(Fixtures.request(root, 1));

    assertThat(repairer.name()).isEqualTo("memory");
    assertThat(candidates).hasSize(1);
    assertThat(candidates.get(0).repairer()).isEqualTo("memory");
    assertThat(candidates.get(0).changes().get(0).after())
        .isEqualTo(moved.replace("i <= values.length", "i < values.length"));
    assertThat(repairer.propose(Fixtures.request(root, 2))).isEmpty();
  }

  @Test
  void llmPromptGetsSimilarPastFixesAsExamples() throws IOException {
    FixMemory memory = FixMemory.open(dir, clock);
    memory.remember(List.of(other()), fix("template:relational-operator"), FixMemory.VALIDATED);
    Fixtures.project(root);
    try (FakeLlmServer server = new FakeLlmServer(FakeLlmServer.Protocol.OLLAMA)) {
      server.reply(Replies.GARBAGE);
      LlmConfig config = LlmConfig.of(LlmConfig.Provider.OLLAMA, server.baseUrl(), "m", "");
      LlmRepairer llm =
          LlmRepairer.create(
              config, LangChainChatClient.of(config), memory, new java.util.Random(3), ms -> {}, 1);
      llm.propose(Fixtures.request(root, 1));
      assertThat(server.lastBody()).contains("past fix of a similar failure");
    }
  }
}
