package dev.kintsugi.heal.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMessageTest {

  @Test
  void statesFailingTestsRootCauseFixAndEvidence() {
    var failing =
        new TestOutcome(
            new TestId("shop.CartTest", "total"),
            TestStatus.ERROR,
            5,
            "java.lang.ArrayIndexOutOfBoundsException",
            "Index 3 out of bounds\nfor length 3",
            "");
    String message =
        CommitMessage.of(
            List.of(failing),
            new RankedLocation("src/main/java/shop/Cart.java", 6, 1.0, "stack frame #1"),
            "i <= n → i < n at Cart.java:6",
            "template:relational-operator",
            "all 12 tests pass",
            "abc123");

    assertThat(message.lines().findFirst()).contains("Fix shop.CartTest#total");
    assertThat(message)
        .contains(
            "  - shop.CartTest#total — ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 3\n")
        .contains("Root cause: src/main/java/shop/Cart.java:6 (stack frame #1)")
        .contains("Fix (template:relational-operator): i <= n → i < n at Cart.java:6")
        .contains("Evidence: all 12 tests pass")
        .contains("abc123");
  }
}
