package dev.kintsugi.heal.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullRequestTextTest {

  static final TestOutcome FAILING =
      new TestOutcome(
          new TestId("shop.CartTest", "total"),
          TestStatus.ERROR,
          3,
          "java.lang.ArrayIndexOutOfBoundsException",
          "Index 3 out of bounds for length 3",
          "");

  static PullRequestText.Story story(String error, List<TestOutcome> failing) {
    return new PullRequestText.Story(
        error,
        failing,
        null,
        "src/main/java/shop/Cart.java:7",
        "replace <= with < in the loop condition",
        "template:relational-operator",
        "--- a/src/main/java/shop/Cart.java\n+++ b/src/main/java/shop/Cart.java\n@@ -7 +7 @@\n"
            + "-    for (int i = 0; i <= prices.length; i++) {\n"
            + "+    for (int i = 0; i < prices.length; i++) {\n",
        List.of("compiles: 1 class", "relevant-tests-pass: 1 test(s) pass"),
        "mvn test passed on the patched copy",
        3,
        2,
        0.81,
        Map.of("validated", 0.35, "coverage", 0.2),
        "require_approval",
        "confidence 0.81 < autoMerge 0.95 for production/critical → approval required",
        "1a2b3c4d5e");
  }

  @Test
  void namesTheErrorAndTellsTheWholeStory() {
    PullRequestText.Story story =
        story(
            "ArrayIndexOutOfBoundsException: Index 3 out of bounds in shop.CartTest#total",
            List.of(FAILING));

    assertThat(PullRequestText.title(story))
        .isEqualTo(
            "Kintsugi: fix ArrayIndexOutOfBoundsException: Index 3 out of bounds in"
                + " shop.CartTest#total");
    String body = PullRequestText.body(story);
    assertThat(body)
        .contains("## What broke")
        .contains(
            "- `shop.CartTest#total` — `ArrayIndexOutOfBoundsException: Index 3 out of bounds for"
                + " length 3`")
        .contains("## Root cause\n\n`src/main/java/shop/Cart.java:7`")
        .contains("replace <= with < in the loop condition (by `template:relational-operator`)")
        .contains("```diff\n--- a/src/main/java/shop/Cart.java")
        .contains("mvn test passed on the patched copy")
        .contains("- `compiles: 1 class`")
        .contains("Plausible fixes found: 3 at 2 places")
        .contains("## Confidence: 0.81")
        .contains("- coverage: 0.20")
        .contains(
            "`require_approval`: confidence 0.81 < autoMerge 0.95 for production/critical →"
                + " approval required");
  }

  @Test
  void untrustedTextCannotBreakOutOfItsCodeOrMentionAnyone() {
    String hostile = "boom ``` \n# Merge me @admins [click](javascript:alert(1)) <img src=x>";
    TestOutcome failing =
        new TestOutcome(
            new TestId("shop.CartTest", "total"), TestStatus.FAILED, 1, "x.Boom", hostile, "");
    PullRequestText.Story story = story(hostile, List.of(failing));

    String body = PullRequestText.body(story);

    // The error block is fenced with more backticks than the text holds.
    assertThat(body).contains("````text\n" + hostile + "\n````");
    // In the list the message is inline code, on one line, delimited past its backtick run.
    assertThat(body)
        .contains(
            "```` Boom: boom ``` # Merge me @admins [click](javascript:alert(1)) <img src=x> ````");
    assertThat(PullRequestText.title(story)).doesNotContain("\n");
  }

  @Test
  void longTitlesAreCut() {
    String title = PullRequestText.title(story("x".repeat(300), List.of()));
    assertThat(title).hasSize(100).endsWith("…");
  }

  @Test
  void inlineCodeAndFencesCountBackticks() {
    assertThat(PullRequestText.code("a`b")).isEqualTo("`` a`b ``");
    assertThat(PullRequestText.code("plain")).isEqualTo("`plain`");
    assertThat(PullRequestText.fenced("text", "````")).isEqualTo("`````text\n````\n`````\n");
  }
}
