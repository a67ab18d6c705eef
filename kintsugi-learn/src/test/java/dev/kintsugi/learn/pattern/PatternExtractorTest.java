package dev.kintsugi.learn.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.FileChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternExtractorTest {

  static final String LOOP =
      "class Cart {\n"
          + "  int total(java.util.List<Integer> items) {\n"
          + "    int sum = 0;\n"
          + "    for (int i = 0; i <= items.size(); i++) {\n"
          + "      sum += items.get(i);\n"
          + "    }\n"
          + "    return sum;\n"
          + "  }\n"
          + "}\n";

  static EditPattern learn(String before, String after) {
    return PatternExtractor.extract(List.of(new FileChange("A.java", before, after))).orElseThrow();
  }

  @Test
  void anOperatorFixBecomesAPatternOverVariablesKeepingTheMethodItCalls() {
    EditPattern p = learn(LOOP, LOOP.replace("i <= items", "i < items"));

    assertThat(p.before()).isEqualTo("$0 <= $1 . size ( )");
    assertThat(p.after()).isEqualTo("$0 < $1 . size ( )");
    assertThat(p.replacement()).isEqualTo("$0 < $1.size()");
    assertThat(p.kind()).isEqualTo("BinaryExpr");
    assertThat(p.context()).isEqualTo("ForStmt");
  }

  @Test
  void aSwappedCallKeepsBothNamesConcrete() {
    String before =
        "class Tax {\n  String region(Order order) {\n    return order.getBilling().region();\n  }\n}\n";
    EditPattern p = learn(before, before.replace("getBilling", "getShipping"));

    assertThat(p.before()).isEqualTo("$0 . getBilling ( )");
    assertThat(p.after()).isEqualTo("$0 . getShipping ( )");
    assertThat(p.concrete()).containsExactlyInAnyOrder("getBilling", "getShipping");
  }

  @Test
  void aGuardWrappedAroundACallIsTheCallBecomingAConditional() {
    String before = "class N {\n  String clean(String name) {\n    return name.trim();\n  }\n}\n";
    EditPattern p =
        learn(
            before,
            before.replace("return name.trim()", "return name == null ? \"\" : name.trim()"));

    assertThat(p.kind()).isEqualTo("MethodCallExpr");
    assertThat(p.before()).isEqualTo("$0 . trim ( )");
    assertThat(p.replacement()).isEqualTo("$0 == null ? \"\" : $0.trim()");
  }

  @Test
  void noPatternFromALoneNameSeveralFilesOrNoChange() {
    String before = "class V {\n  int f(int a, int b) {\n    return a;\n  }\n}\n";
    assertThat(
            PatternExtractor.extract(
                List.of(new FileChange("V.java", before, before.replace("return a", "return b")))))
        .isEmpty();
    assertThat(
            PatternExtractor.extract(
                List.of(
                    new FileChange("A.java", LOOP, LOOP.replace("<=", "<")),
                    new FileChange("B.java", LOOP, LOOP.replace("<=", "<")))))
        .isEmpty();
    assertThat(PatternExtractor.extract(List.of(new FileChange("A.java", LOOP, LOOP)))).isEmpty();
    assertThat(PatternExtractor.extract(List.of(new FileChange("A.java", "class {", "class { }"))))
        .isEmpty();
  }
}
