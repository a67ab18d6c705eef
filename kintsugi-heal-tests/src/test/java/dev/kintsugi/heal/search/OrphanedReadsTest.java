package dev.kintsugi.heal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.FileChange;
import org.junit.jupiter.api.Test;

class OrphanedReadsTest {

  static final String BEFORE =
      "class Window {\n"
          + "  private int limit;\n"
          + "  int clip(int size, int offset) {\n"
          + "    int end = offset + size;\n"
          + "    java.util.function.IntUnaryOperator f = x -> x + limit;\n"
          + "    return Math.min(end, this.limit);\n"
          + "  }\n"
          + "}\n";

  static FileChange change(String after) {
    return new FileChange("Window.java", BEFORE, after);
  }

  @Test
  void namesAParameterALocalAndAFieldTheChangeStopsReading() {
    assertThat(OrphanedReads.of(change(BEFORE.replace("offset + size", "offset + 1"))))
        .containsExactly("parameter size");
    assertThat(OrphanedReads.of(change(BEFORE.replace("Math.min(end,", "Math.min(offset,"))))
        .containsExactly("variable end");
    assertThat(
            OrphanedReads.of(
                change(BEFORE.replace("x + limit", "x").replace("this.limit", "size"))))
        .containsExactly("field limit");
  }

  @Test
  void aChangeThatKeepsEveryReadOrRemovesTheDeclarationOrphansNothing() {
    assertThat(OrphanedReads.of(change(BEFORE.replace("offset + size", "size + offset"))))
        .isEmpty();
    // The local is gone altogether: nothing is left declared and unread.
    assertThat(
            OrphanedReads.of(
                change(
                    BEFORE
                        .replace("    int end = offset + size;\n", "")
                        .replace("Math.min(end,", "Math.min(offset + size,"))))
        .isEmpty();
    // A lambda's own parameter is not a variable of the method.
    assertThat(OrphanedReads.of(change(BEFORE.replace("x -> x + limit", "x -> limit + 1"))))
        .isEmpty();
  }

  @Test
  void sourcesThatDoNotParseOrphanNothing() {
    assertThat(OrphanedReads.of(change("class Window {"))).isEmpty();
  }
}
