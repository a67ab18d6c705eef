package dev.kintsugi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fix learned in one project is proposed at a suspicious line of another, across a restart. */
class PatternRepairerTest {

  static final String CART =
      "class Cart {\n"
          + "  int total(java.util.List<Integer> items) {\n"
          + "    int sum = 0;\n"
          + "    for (int i = 0; i <= items.size(); i++) {\n"
          + "      sum += items.get(i);\n"
          + "    }\n"
          + "    return sum;\n"
          + "  }\n"
          + "}\n";

  static final String GRID =
      "package grid;\n\n"
          + "class Grid {\n"
          + "  int last(java.util.List<String> rows) {\n"
          + "    int k = 0;\n"
          + "    while (k <= rows.size()) {\n"
          + "      k++;\n"
          + "    }\n"
          + "    return k;\n"
          + "  }\n"
          + "}\n";

  static final TestOutcome CART_FAILURE =
      new TestOutcome(
          new TestId("shop.CartTest", "total"),
          TestStatus.ERROR,
          1,
          "java.lang.IndexOutOfBoundsException",
          "Index 3 out of bounds for length 3",
          "");

  @TempDir Path dir;
  @TempDir Path workspace;

  @Test
  void proposesTheLearnedEditAtTheSuspiciousLineOfAnotherProjectNamingWhereItWasLearned()
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    FixMemory.open(dir, clock)
        .learn(
            List.of(CART_FAILURE),
            new Candidate(
                "llm:ollama/m",
                "bound",
                List.of(
                    new FileChange(
                        "src/main/java/shop/Cart.java",
                        CART,
                        CART.replace("i <= items", "i < items"))),
                0.5),
            FixMemory.DELIVERED);
    String file = "src/main/java/grid/Grid.java";
    Files.createDirectories(workspace.resolve(file).getParent());
    Files.writeString(workspace.resolve(file), GRID);

    List<LearnedPattern> learned = FixMemory.open(dir, clock).patterns(); // read back from disk
    List<Candidate> candidates =
        new PatternRepairer(learned)
            .propose(
                new RepairRequest(
                    workspace,
                    new Diagnosis(
                        List.of(
                            new RankedLocation(file, 6, 0.8, ""),
                            new RankedLocation(file, 9, 0.5, "")),
                        ""),
                    List.of(),
                    1,
                    10));

    assertThat(learned).hasSize(1);
    assertThat(learned.get(0).origin()).isEqualTo("shop.CartTest#total (2026-12-06T10:00:00Z)");
    assertThat(candidates).hasSize(1);
    Candidate c = candidates.get(0);
    assertThat(c.repairer()).isEqualTo("pattern:BinaryExpr");
    assertThat(c.changes().get(0).after()).isEqualTo(GRID.replace("k <= rows", "k < rows"));
    assertThat(c.description())
        .contains("$0 <= $1 . size ( ) → $0 < $1 . size ( )")
        .contains("Grid.java:6")
        .contains("learned from shop.CartTest#total");
    assertThat(c.score()).isGreaterThan(0.8); // ahead of a template's guess at the same line
  }

  @Test
  void withoutPatternsOrOutsideTheWorkspaceItProposesNothing() throws Exception {
    RepairRequest outside =
        new RepairRequest(
            workspace,
            new Diagnosis(List.of(new RankedLocation("../etc/Grid.java", 6, 0.8, "")), ""),
            List.of(),
            1,
            10);
    assertThat(new PatternRepairer(List.of()).propose(outside)).isEmpty();
    FixMemory memory = FixMemory.open(dir);
    memory.learn(
        List.of(CART_FAILURE),
        new Candidate(
            "t",
            "d",
            List.of(new FileChange("Cart.java", CART, CART.replace("i <= items", "i < items"))),
            1),
        FixMemory.DELIVERED);
    assertThat(new PatternRepairer(memory.patterns()).propose(outside)).isEmpty();
  }
}
