package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.javaparser.ast.CompilationUnit;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRepairerTest {

  private static final String FILE = "src/main/java/demo/Range.java";
  private static final String RANGE =
      """
      package demo;

      class Range {
        boolean contains(int i, int n) {
          return i <= n;
        }

        int clamp(int x, int max) {
          if (x > max) {
            return max;
          }
          return x;
        }
      }
      """;

  @TempDir Path root;

  @Nested
  class Proposing {

    @Test
    void scoresByLocationTimesPriorAndSortsBestFirst() throws IOException {
      write(FILE, RANGE);

      List<Candidate> candidates = new TemplateRepairer().propose(request(1, location(5, 0.5)));

      assertThat(candidates).isNotEmpty();
      assertThat(candidates)
          .isSortedAccordingTo(Comparator.comparingDouble(Candidate::score).reversed());
      Candidate best = candidates.get(0);
      assertThat(best.repairer()).isEqualTo("template:relational-operator");
      assertThat(best.score()).isEqualTo(0.5 * 0.8);
      assertThat(best.description()).isEqualTo("i <= n → i < n at Range.java:5");
      assertThat(best.changes())
          .containsExactly(new FileChange(FILE, RANGE, RANGE.replace("i <= n", "i < n")));
    }

    @Test
    void keepsTheBestScoredOfCandidatesWithTheSameResult() throws IOException {
      write(FILE, RANGE);
      Template low = replacing("low", 0.2, "<=", "<");
      Template high = replacing("high", 0.6, "<=", "<");

      List<Candidate> candidates =
          new TemplateRepairer(List.of(low, high), Map.of()).propose(request(1, location(5, 1.0)));

      assertThat(candidates)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.repairer()).isEqualTo("template:high");
                assertThat(c.score()).isEqualTo(0.6);
              });
    }

    @Test
    void breaksScoreTiesBySmallerEdit() throws IOException {
      write(FILE, RANGE);
      Template big = replacing("big", 0.5, "i <= n", "i + 0 < n + 0");
      Template small = replacing("small", 0.5, "<=", ">=");

      List<Candidate> candidates =
          new TemplateRepairer(List.of(big, small), Map.of()).propose(request(1, location(5, 1.0)));

      assertThat(candidates)
          .extracting(Candidate::repairer)
          .containsExactly("template:small", "template:big");
    }

    @Test
    void capsTheCandidatesOfOneTemplateOnOneLine() throws IOException {
      write(FILE, RANGE);
      Template flood =
          template(
              "flood",
              0.5,
              (cu, source) ->
                  IntStream.range(0, 20)
                      .mapToObj(
                          i ->
                              new Proposal(
                                  "n" + i,
                                  List.of(
                                      TextEdit.insert(
                                          source.indexOf("i <= n"), "0 * " + i + " + "))))
                      .toList());

      List<Candidate> candidates =
          new TemplateRepairer(List.of(flood), Map.of()).propose(request(1, location(5, 1.0)));

      assertThat(candidates).hasSize(TemplateRepairer.MAX_PER_TEMPLATE);
    }

    @Test
    void survivesAFailingTemplate() throws IOException {
      write(FILE, RANGE);
      Template broken =
          template(
              "broken",
              0.9,
              (cu, source) -> {
                throw new IllegalStateException("bug in a template");
              });
      Template overlapping =
          template(
              "overlapping",
              0.9,
              (cu, source) ->
                  List.of(
                      new Proposal(
                          "bad", List.of(new TextEdit(1, 5, "x"), new TextEdit(3, 6, "y")))));

      List<Candidate> candidates =
          new TemplateRepairer(
                  List.of(broken, overlapping, new RelationalOperatorTemplate()), Map.of())
              .propose(request(1, location(5, 1.0)));

      assertThat(candidates)
          .isNotEmpty()
          .allSatisfy(c -> assertThat(c.repairer()).isEqualTo("template:relational-operator"));
    }

    @Test
    void appliesPriorMultipliers() throws IOException {
      write(FILE, RANGE);

      List<Candidate> candidates =
          new TemplateRepairer(Map.of("relational-operator", 0.5))
              .propose(request(1, location(5, 1.0)));

      // The neighbour swap has weight 1 in its template; farther swaps are scaled down further.
      assertThat(candidates)
          .filteredOn(c -> c.repairer().equals("template:relational-operator"))
          .allSatisfy(c -> assertThat(c.score()).isLessThanOrEqualTo(0.8 * 0.5))
          .first()
          .satisfies(c -> assertThat(c.score()).isEqualTo(0.8 * 0.5));
    }

    @Test
    void triesTheNeighbourSwapFirstAndStillProposesTheFarOne() throws IOException {
      write(FILE, RANGE);

      List<String> relational =
          new TemplateRepairer()
              .propose(request(1, location(9, 1.0))).stream()
                  .filter(c -> c.repairer().equals("template:relational-operator"))
                  .map(c -> c.changes().get(0).after())
                  .toList();

      assertThat(relational.get(0)).contains("if (x >= max)");
      assertThat(relational).anyMatch(after -> after.contains("if (x == max)"));
      assertThat(relational.indexOf(RANGE.replace("x > max", "x == max")))
          .isGreaterThan(relational.indexOf(RANGE.replace("x > max", "x < max")));
      assertThat(relational).hasSizeLessThanOrEqualTo(TemplateRepairer.MAX_PER_TEMPLATE);
    }

    @Test
    void rejectsANegativeMultiplier() {
      assertThatThrownBy(() -> new TemplateRepairer(Map.of("constant", -1.0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("constant")
          .hasMessageContaining("-1.0");
    }

    @Test
    void considersOnlyTheFirstLocationsAllowed() throws IOException {
      write(FILE, RANGE);

      List<Candidate> candidates =
          new TemplateRepairer().propose(request(1, 1, location(5, 0.9), location(9, 0.8)));

      assertThat(candidates).allSatisfy(c -> assertThat(c.description()).endsWith(":5"));
    }

    @Test
    void widensToNeighbouringLinesFromRoundTwo() throws IOException {
      write(FILE, RANGE);

      List<Candidate> first = new TemplateRepairer().propose(request(1, location(8, 1.0)));
      List<Candidate> second = new TemplateRepairer().propose(request(2, location(8, 1.0)));

      assertThat(first).noneMatch(c -> c.description().endsWith(":9"));
      assertThat(second)
          .filteredOn(c -> c.description().equals("x > max → x >= max at Range.java:9"))
          .singleElement()
          .satisfies(c -> assertThat(c.score()).isEqualTo(0.8 * 0.5));
    }

    @Test
    void alreadyTriesNeighboursInRoundOneWhenFewerLinesAreRankedThanAllowed() throws IOException {
      write(FILE, RANGE);

      List<Candidate> first = new TemplateRepairer().propose(request(1, 10, location(8, 1.0)));

      assertThat(first)
          .filteredOn(c -> c.description().equals("x > max → x >= max at Range.java:9"))
          .singleElement()
          .satisfies(c -> assertThat(c.score()).isEqualTo(0.8 * 0.5));
    }

    @Test
    void listsItsTemplates() {
      List<String> names = new TemplateRepairer().templateNames();

      assertThat(names).hasSizeGreaterThanOrEqualTo(15).doesNotHaveDuplicates();
      assertThat(names).contains("relational-operator", "null-guard", "off-by-one");
    }

    @Test
    void usesSiblingMethodsOfProjectClasses() throws IOException {
      write(
          "src/main/java/demo/Order.java",
          """
          package demo;

          class Order {
            private String billing;
            private String shipping;
            String getBilling() { return billing; }
            String getShipping() { return shipping; }
          }
          """);
      String tax = "src/main/java/demo/Tax.java";
      write(
          tax,
          """
          package demo;

          class Tax {
            String destination(Order order) {
              return order.getBilling();
            }
          }
          """);

      List<Candidate> candidates =
          new TemplateRepairer().propose(request(1, new RankedLocation(tax, 5, 1.0, "")));

      assertThat(candidates)
          .extracting(Candidate::description)
          .contains("order.getBilling() → order.getShipping() at Tax.java:5");
    }
  }

  @Nested
  class BadInput {

    @Test
    void yieldsNothingForAnUnparsableFile() throws IOException {
      write(FILE, "class Broken { void f( { if (a <= b) }");

      assertThat(new TemplateRepairer().propose(request(1, location(1, 1.0)))).isEmpty();
    }

    @Test
    void yieldsNothingForMissingFilesAndLinesPastTheEnd() throws IOException {
      write(FILE, RANGE);

      assertThat(new TemplateRepairer().propose(request(1, location(500, 1.0)))).isEmpty();
      assertThat(
              new TemplateRepairer()
                  .propose(
                      request(
                          1, new RankedLocation("src/main/java/demo/Missing.java", 3, 1.0, ""))))
          .isEmpty();
    }

    @Test
    void neverReadsOutsideTheRoot() throws IOException {
      Path outside = Files.createTempFile("Outside", ".java");
      Files.writeString(outside, RANGE);
      try {
        String escape = root.relativize(outside).toString().replace('\\', '/');

        assertThat(
                new TemplateRepairer().propose(request(1, new RankedLocation(escape, 5, 1.0, ""))))
            .isEmpty();
      } finally {
        Files.delete(outside);
      }
    }
  }

  @Nested
  class SurgicalEdits {

    @Test
    void keepsCrlfAndTabsOutsideTheEdit() throws IOException {
      String source =
          "package demo;\r\n\r\nclass Range {\r\n\tvoid run(Runnable task) {\r\n"
              + "\t\ttask.run();\t// go\r\n\t}\r\n}\r\n";
      write(FILE, source);

      List<Candidate> candidates = new TemplateRepairer().propose(request(1, location(5, 1.0)));

      assertThat(candidates).isNotEmpty();
      for (Candidate candidate : candidates) {
        String after = candidate.changes().get(0).after();
        TextEdit edit = TextEdit.between(source, after);
        assertThat(after.substring(0, edit.start())).isEqualTo(source.substring(0, edit.start()));
        assertThat(after.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
      }
      assertThat(candidates)
          .extracting(c -> c.changes().get(0).after())
          .contains(
              source.replace(
                  "\t\ttask.run();",
                  "\t\tif (task == null) {\r\n\t\t\treturn;\r\n\t\t}\r\n\t\ttask.run();"));
    }
  }

  @Nested
  class Combining {

    @Test
    void mergesEditsOfTwoPlacesInOneFile() throws IOException {
      write(FILE, RANGE);
      Candidate first = best(5, "template:relational-operator");
      Candidate second = best(9, "template:relational-operator");

      Optional<Candidate> combined = TemplateRepairer.combine(first, second);

      assertThat(combined)
          .hasValueSatisfying(
              c -> {
                assertThat(c.repairer())
                    .isEqualTo("template:relational-operator+relational-operator");
                assertThat(c.score()).isEqualTo(first.score() * second.score());
                assertThat(c.changes().get(0).after())
                    .isEqualTo(RANGE.replace("i <= n", "i < n").replace("x > max", "x >= max"));
                assertThat(c.description())
                    .contains(first.description())
                    .contains(second.description());
              });
    }

    @Test
    void refusesOverlappingEdits() throws IOException {
      write(FILE, RANGE);
      List<Candidate> sameOperator =
          new TemplateRepairer()
              .propose(request(1, location(5, 1.0))).stream()
                  .filter(c -> c.repairer().equals("template:relational-operator"))
                  .toList();

      assertThat(sameOperator).hasSizeGreaterThan(1);
      assertThat(TemplateRepairer.combine(sameOperator.get(0), sameOperator.get(1))).isEmpty();
    }

    @Test
    void refusesCandidatesOfDifferentFiles() {
      Candidate a =
          new Candidate("template:x", "a", List.of(new FileChange("A.java", "ab", "xb")), 1);
      Candidate b =
          new Candidate("template:y", "b", List.of(new FileChange("B.java", "ab", "ay")), 1);

      assertThat(TemplateRepairer.combine(a, b)).isEmpty();
    }

    private Candidate best(int line, String repairer) {
      return new TemplateRepairer()
          .propose(request(1, location(line, 1.0))).stream()
              .filter(c -> c.repairer().equals(repairer))
              .findFirst()
              .orElseThrow();
    }
  }

  private void write(String file, String content) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private static RankedLocation location(int line, double score) {
    return new RankedLocation(FILE, line, score, "");
  }

  private RepairRequest request(int round, RankedLocation... locations) {
    return request(round, locations.length, locations);
  }

  private RepairRequest request(int round, int maxLocations, RankedLocation... locations) {
    return new RepairRequest(
        root, new Diagnosis(List.of(locations), ""), List.of(), round, maxLocations);
  }

  /** A template replacing the first occurrence of {@code from} on the line's text. */
  private static Template replacing(String name, double prior, String from, String to) {
    return template(
        name,
        prior,
        (cu, source) -> {
          int at = source.indexOf(from);
          return List.of(
              new Proposal(from + " → " + to, List.of(new TextEdit(at, at + from.length(), to))));
        });
  }

  private static Template template(
      String name, double prior, BiFunction<CompilationUnit, String, List<Proposal>> edits) {
    return new Template() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double prior() {
        return prior;
      }

      @Override
      public List<Proposal> edits(CompilationUnit cu, String source, int line) {
        return new ArrayList<>(edits.apply(cu, source));
      }
    };
  }
}
