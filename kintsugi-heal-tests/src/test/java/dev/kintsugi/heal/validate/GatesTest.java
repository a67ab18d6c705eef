package dev.kintsugi.heal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.GateVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatesTest {

  static final String FILE = "src/main/java/shop/Cart.java";
  static final String BEFORE =
      """
      package shop;

      class Cart {
        int total(int[] prices) {
          int sum = 0;
          for (int i = 0; i <= prices.length; i++) {
            sum += prices[i];
          }
          return sum;
        }
      }
      """;

  static Candidate candidate(String after) {
    return candidate(FILE, BEFORE, after);
  }

  static Candidate candidate(String file, String before, String after) {
    return new Candidate(
        "template:test", "test edit", List.of(new FileChange(file, before, after)), 0.5);
  }

  static String fixed() {
    return BEFORE.replace("i <= prices.length", "i < prices.length");
  }

  @Nested
  class Applies {
    @TempDir Path root;

    @BeforeEach
    void writeFile() throws Exception {
      Files.createDirectories(root.resolve(FILE).getParent());
      Files.writeString(root.resolve(FILE), BEFORE);
    }

    @Test
    void acceptsACandidateMadeAgainstTheCurrentContent() {
      assertThat(new AppliesGate(root).check(candidate(fixed())).passed()).isTrue();
    }

    @Test
    void rejectsStaleMissingUnchangedAndEscapingFiles() {
      var gate = new AppliesGate(root);
      assertThat(gate.check(candidate(FILE, BEFORE + "// x", fixed())).evidence())
          .contains("has changed since");
      assertThat(gate.check(candidate("src/main/java/Nope.java", "a", "b")).evidence())
          .contains("does not exist");
      assertThat(gate.check(candidate(BEFORE)).evidence()).contains("unchanged");
      assertThat(gate.check(candidate("../outside.java", "a", "b")).evidence())
          .contains("outside the repository");
    }
  }

  @Test
  void parsesGateRejectsBrokenJavaWithTheParserMessage() {
    assertThat(new ParsesGate().check(candidate(fixed())).passed()).isTrue();
    GateVerdict broken =
        new ParsesGate().check(candidate(BEFORE.replace("return sum;", "return sum")));
    assertThat(broken.passed()).isFalse();
    assertThat(broken.evidence()).startsWith(FILE + ": ").contains("line");
  }

  @Test
  void scopeGateAcceptsOnlyLocalizedFiles() {
    assertThat(new ScopeGate(Set.of(FILE)).check(candidate(fixed())).passed()).isTrue();
    GateVerdict out =
        new ScopeGate(Set.of("src/main/java/shop/Other.java")).check(candidate(fixed()));
    assertThat(out.passed()).isFalse();
    assertThat(out.evidence()).contains("not among the localized files");
  }

  @Test
  void sizeGateCountsChangedLinesAndFiles() {
    assertThat(new SizeGate(10, 3).check(candidate(fixed())).evidence()).isEqualTo("1 line(s)");
    String big = BEFORE.replace("int sum = 0;", "int sum = 0;" + "\n    sum += 0;".repeat(11));
    GateVerdict tooBig = new SizeGate(10, 3).check(candidate(big));
    assertThat(tooBig.passed()).isFalse();
    assertThat(tooBig.evidence()).isEqualTo("11 lines changed, limit 10");
    var twoFiles =
        new Candidate(
            "t",
            "d",
            List.of(new FileChange("a/A.java", "x", "y"), new FileChange("b/B.java", "x", "y")),
            1);
    assertThat(new SizeGate(10, 1).check(twoFiles).evidence())
        .isEqualTo("2 files changed, limit 1");
  }

  @Nested
  class Safety {
    final SafetyGate gate = new SafetyGate();

    @Test
    void acceptsAnOrdinaryFix() {
      assertThat(gate.check(candidate(fixed())).passed()).isTrue();
    }

    @Test
    void rejectsNewProcessNetworkReflectionExitAndDeletion() {
      for (String evil :
          List.of(
              "Runtime.getRuntime().exec(\"rm -rf /\");",
              "new ProcessBuilder(\"sh\").start();",
              "new java.net.Socket(\"example.org\", 80);",
              "Class.forName(\"x.Y\").getDeclaredMethod(\"z\").setAccessible(true);",
              "System.exit(0);",
              "new java.io.File(\"/tmp/x\").delete();",
              "java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(\"x\"));",
              "System.setSecurityManager(null);")) {
        String after =
            BEFORE.replace(
                "int sum = 0;", "int sum = 0; try { " + evil + " } catch (Exception e) {}");
        GateVerdict verdict = gate.check(candidate(after));
        assertThat(verdict.passed()).as(evil).isFalse();
        assertThat(verdict.evidence()).as(evil).contains("adds a use of");
      }
    }

    @Test
    void unicodeEscapesDoNotHideAForbiddenName() {
      String after = BEFORE.replace("int sum = 0;", "int sum = 0; System.\\u0065xit(1);");
      assertThat(gate.check(candidate(after)).passed()).isFalse();
    }

    @Test
    void keepingOrRemovingAnExistingUseIsAllowed() {
      String before = BEFORE.replace("int sum = 0;", "int sum = 0; if (sum < 0) System.exit(1);");
      String after = before.replace("i <= prices.length", "i < prices.length");
      assertThat(gate.check(candidate(FILE, before, after)).passed()).isTrue();
      String removed = before.replace(" if (sum < 0) System.exit(1);", "");
      assertThat(gate.check(candidate(FILE, before, removed)).passed()).isTrue();
    }

    @Test
    void rejectsEditsToTestsAndBuildFiles() {
      assertThat(gate.check(candidate("src/test/java/shop/CartTest.java", "a", "b")).evidence())
          .contains("tests are evidence");
      assertThat(gate.check(candidate("src/main/java/shop/CartTest.java", "a", "b")).evidence())
          .contains("tests are evidence");
      assertThat(gate.check(candidate("pom.xml", "a", "b")).evidence()).contains("build");
      assertThat(gate.check(candidate("module/build.gradle.kts", "a", "b")).evidence())
          .contains("build");
      assertThat(gate.check(candidate("src/main/resources/app.properties", "a", "b")).evidence())
          .contains("only Java sources");
    }
  }

  @Test
  void changedLinesLocateEditsInTheOriginal() {
    var change = new FileChange(FILE, BEFORE, fixed());
    assertThat(ChangedLines.count(change)).isEqualTo(1);
    assertThat(ChangedLines.originalLines(change)).containsExactly(6);
    var insertion = new FileChange(FILE, "a\nb\n", "a\nx\nb\n");
    assertThat(ChangedLines.count(insertion)).isEqualTo(1);
    assertThat(ChangedLines.originalLines(insertion)).containsExactly(2);
  }
}
