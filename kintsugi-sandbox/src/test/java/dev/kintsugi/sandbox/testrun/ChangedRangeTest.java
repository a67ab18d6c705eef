package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangedRangeTest {

  private static final String BEFORE = "a\nb\nc\nd\n";

  @Test
  void aReplacedLine() {
    assertThat(ChangedRange.of(BEFORE, "a\nB\nc\nd\n")).containsExactly(2, 2);
  }

  @Test
  void anInsertionSitsBetweenTwoLines() {
    assertThat(ChangedRange.of(BEFORE, "a\nb\nnew\nc\nd\n")).containsExactly(3, 2);
  }

  @Test
  void aDeletionCoversTheRemovedLines() {
    assertThat(ChangedRange.of(BEFORE, "a\nd\n")).containsExactly(2, 3);
  }

  @Test
  void identicalTextChangesNothing() {
    int[] range = ChangedRange.of(BEFORE, BEFORE);
    assertThat(range[1]).isLessThan(range[0]);
  }
}
