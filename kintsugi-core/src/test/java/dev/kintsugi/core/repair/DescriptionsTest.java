package dev.kintsugi.core.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DescriptionsTest {

  @Test
  void foldsLinesAndHiddenCharactersIntoOneLine() {
    assertThat(Descriptions.oneLine("fix\r\n  the\u202E loop\u200B\tbound ", 100))
        .isEqualTo("fix the loop bound");
    assertThat(Descriptions.oneLine(null, 10)).isEmpty();
  }

  @Test
  void cutsLongTextWithAnEllipsis() {
    assertThat(Descriptions.oneLine("abcdefghij", 8)).isEqualTo("abcde...");
    assertThat(Descriptions.oneLine("abcdefgh", 8)).isEqualTo("abcdefgh");
    assertThatThrownBy(() -> Descriptions.oneLine("x", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3");
  }
}
