package dev.kintsugi.learn.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternMatcherTest {

  static final EditPattern BOUND =
      PatternExtractorTest.learn(
          PatternExtractorTest.LOOP, PatternExtractorTest.LOOP.replace("i <= items", "i < items"));

  static final String OTHER =
      "class Grid {\n"
          + "  boolean inside(java.util.List<String> rows, int k) {\n"
          + "    while (k <= rows.size()) {\n"
          + "      k++;\n"
          + "    }\n"
          + "    return k <= rows.size();\n"
          + "  }\n"
          + "}\n";

  @Test
  void appliesALearnedEditToOtherNamesAtTheGivenLineOnly() {
    List<PatternMatcher.Match> matches = PatternMatcher.of(OTHER).orElseThrow().matches(BOUND, 3);

    assertThat(matches).hasSize(1);
    assertThat(matches.get(0).after())
        .isEqualTo(OTHER.replace("while (k <= rows.size())", "while (k < rows.size())"));
    assertThat(matches.get(0).sameContext()).isFalse(); // learned in a for loop, applied in a while
  }

  @Test
  void aNodeWhoseShapeDiffersDoesNotMatch() {
    String other = OTHER.replace("k <= rows.size()", "k <= rows.length()");
    assertThat(PatternMatcher.of(other).orElseThrow().matches(BOUND, 3)).isEmpty();
    // Two different variables where the pattern has one: $0 . trim ( ) matches, $0 == $0 would not.
    EditPattern same =
        PatternExtractorTest.learn(
            "class S {\n  boolean f(int a) {\n    return a == a;\n  }\n}\n",
            "class S {\n  boolean f(int a) {\n    return a != a;\n  }\n}\n");
    assertThat(
            PatternMatcher.of(
                    "class T {\n  boolean g(int x, int y) {\n    return x == y;\n  }\n}\n")
                .orElseThrow()
                .matches(same, 3))
        .isEmpty();
  }

  @Test
  void holesAreFilledLongestFirst() {
    assertThat(
            PatternMatcher.instantiate("$1 + $12", java.util.Map.of("one", "$1", "twelve", "$12")))
        .isEqualTo("one + twelve");
  }
}
