package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TextEditTest {

  @Nested
  class Applier {

    @Test
    void appliesEditsByPositionWhateverTheirOrder() {
      String result =
          TextEditApplier.apply(
              "a < b && c", List.of(new TextEdit(9, 10, "d"), new TextEdit(2, 3, "<=")));

      assertThat(result).isEqualTo("a <= b && d");
    }

    @Test
    void insertsAtTheStartOfAReplacedRangeBeforeIt() {
      String result =
          TextEditApplier.apply("x + 1", List.of(new TextEdit(0, 1, "y"), TextEdit.insert(0, "(")));

      assertThat(result).isEqualTo("(y + 1");
    }

    @Test
    void keepsTheListOrderOfInsertionsAtOneOffset() {
      String result =
          TextEditApplier.apply("x", List.of(TextEdit.insert(0, "a"), TextEdit.insert(0, "b")));

      assertThat(result).isEqualTo("abx");
    }

    @Test
    void refusesOverlappingEdits() {
      assertThatThrownBy(
              () ->
                  TextEditApplier.apply(
                      "abcdef", List.of(new TextEdit(1, 4, "x"), new TextEdit(3, 5, "y"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("overlaps");
    }

    @Test
    void refusesEditsPastTheEnd() {
      assertThatThrownBy(() -> TextEditApplier.apply("ab", List.of(new TextEdit(1, 3, ""))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void betweenFindsTheSmallestSingleEdit() {
    TextEdit edit = TextEdit.between("if (i <= n) {", "if (i < n) {");

    assertThat(edit).isEqualTo(new TextEdit(7, 8, ""));
    assertThat(TextEditApplier.apply("if (i <= n) {", List.of(edit))).isEqualTo("if (i < n) {");
  }

  @Test
  void touchingEditsCountAsOverlapping() {
    assertThat(new TextEdit(2, 4, "x").touches(new TextEdit(4, 4, "y"))).isTrue();
    assertThat(new TextEdit(2, 4, "x").touches(new TextEdit(5, 6, "y"))).isFalse();
  }

  @Test
  void rejectsABackwardRange() {
    assertThatThrownBy(() -> new TextEdit(3, 2, "")).isInstanceOf(IllegalArgumentException.class);
  }
}
