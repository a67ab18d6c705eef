package dev.kintsugi.learn;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-file project whose bulk discount starts one item late, its failure and its fix. */
final class Fixtures {

  static final String PRICING = "src/main/java/com/shop/Pricing.java";

  static final String PRICING_TEXT =
      """
      package com.shop;

      /** Prices with a bulk discount. */
      public class Pricing {

        public int price(int quantity, int unit) {
          int total = quantity * unit;
          if (quantity > 10) {
            total = total * 9 / 10;
          }
          return total;
        }
      }
      """;

  static final String BUGGY_LINE = "    if (quantity > 10) {";
  static final String FIXED_LINE = "    if (quantity >= 10) {";

  private Fixtures() {}

  /** The fix, as the template repairer {@code repairer} would have proposed it. */
  static Candidate fix(String repairer) {
    return new Candidate(
        repairer,
        "> → >= at Pricing.java:8",
        List.of(new FileChange(PRICING, PRICING_TEXT, fixed(PRICING_TEXT))),
        0.9);
  }

  static String fixed(String text) {
    return text.replace(BUGGY_LINE, FIXED_LINE);
  }

  static TestOutcome failure(String message) {
    return new TestOutcome(
        new TestId("com.shop.PricingTest", "bulkDiscount"),
        TestStatus.FAILED,
        4,
        "org.opentest4j.AssertionFailedError",
        message,
        "org.opentest4j.AssertionFailedError: "
            + message
            + "\n\tat org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)"
            + "\n\tat com.shop.PricingTest.bulkDiscount(PricingTest.java:9)"
            + "\n\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)\n");
  }

  static void write(Path root, String file, String text) throws IOException {
    Path p = root.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  static RepairRequest request(Path root, int round) {
    return new RepairRequest(
        root,
        new Diagnosis(List.of(), ""),
        List.of(failure("expected: <90> but was: <100>")),
        round,
        10);
  }
}
