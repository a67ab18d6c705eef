package dev.kintsugi.java.repro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReproductionCheckTest {

  private static final String TEST_CLASS = ReproductionCheckTest.class.getName();

  private static ReproductionTest expecting(String type, String throwSite) {
    return new ReproductionTest(
        "src/test/java/X.java",
        "class X {}",
        TEST_CLASS,
        "reproduces",
        Events.frame("com.acme.Cart", "total", Map.of()),
        type,
        throwSite,
        List.of());
  }

  private static TestOutcome failed(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return failed(thrown.getClass().getName(), trace.toString());
  }

  private static TestOutcome failed(String type, String trace) {
    return new TestOutcome(
        new TestId(TEST_CLASS, "reproduces"), TestStatus.ERROR, 3, type, "", trace);
  }

  private static Throwable thrownByParseInt() {
    try {
      Integer.parseInt("not a number");
      throw new AssertionError("parseInt accepted garbage");
    } catch (NumberFormatException e) {
      return e;
    }
  }

  @Test
  void realTraceThroughTheThrowSiteReproduces() {
    ReproductionTest test =
        expecting("java.lang.NumberFormatException", "java.lang.Integer.parseInt");

    // The real trace prints module prefixes: "at java.base/java.lang.Integer.parseInt(...)".
    assertThat(ReproductionCheck.mismatch(test, failed(thrownByParseInt()))).isEmpty();
  }

  @Test
  void otherExceptionTypeDoesNot() {
    ReproductionTest test =
        expecting("java.lang.IllegalStateException", "java.lang.Integer.parseInt");

    assertThat(ReproductionCheck.mismatch(test, failed(thrownByParseInt())))
        .contains(
            "the test failed with java.lang.NumberFormatException, not"
                + " java.lang.IllegalStateException");
  }

  @Test
  void traceThatMissesTheThrowSiteDoesNot() {
    ReproductionTest test = expecting("java.lang.NumberFormatException", "com.acme.Cart.total");

    assertThat(ReproductionCheck.reproduces(test, failed(thrownByParseInt()))).isFalse();
  }

  @Test
  void passingOrSkippedTestDoesNot() {
    ReproductionTest test = expecting("java.lang.NumberFormatException", "a.B.c");

    assertThat(ReproductionCheck.mismatch(test, TestOutcome.passed(test.testId(), 1)))
        .contains("the test did not fail (PASSED)");
  }

  @Test
  void throwSiteInACauseCountsEvenWhenTheCommonFramesAreElided() {
    String surefire =
        """
        com.acme.PricingException: pricing failed
        \tat com.acme.Pricing.callsHidden(Pricing.java:80)
        \tat dev.kintsugi.java.repro.ReproductionCheckTest.reproduces(KintsugiReproTest.java:9)
        \tat java.base/java.lang.reflect.Method.invoke(Method.java:569)
        Caused by: java.lang.ArithmeticException: / by zero
        \tat com.acme.Pricing.hidden(Pricing.java:75)
        \tat com.acme.Pricing.callsHidden(Pricing.java:78)
        \t... 2 more
        """;
    ReproductionTest test = expecting("com.acme.PricingException", "com.acme.Pricing.hidden");

    assertThat(ReproductionCheck.reproduces(test, failed("com.acme.PricingException", surefire)))
        .isTrue();
  }

  @Test
  void throwSiteOnlyAfterTheTestFrameOrInASuppressedExceptionDoesNot() {
    String trace =
        """
        java.lang.IllegalStateException: closed
        \tat dev.kintsugi.java.repro.ReproductionCheckTest.reproduces(KintsugiReproTest.java:9)
        \tat com.acme.Pricing.hidden(Pricing.java:75)
        \tSuppressed: java.lang.IllegalStateException: again
        \t\tat com.acme.Pricing.hidden(Pricing.java:75)
        \t\tCaused by: java.lang.IllegalStateException: inner
        \t\t\tat com.acme.Pricing.hidden(Pricing.java:75)
        """;
    ReproductionTest test = expecting("java.lang.IllegalStateException", "com.acme.Pricing.hidden");

    assertThat(ReproductionCheck.mismatch(test, failed("java.lang.IllegalStateException", trace)))
        .contains("the trace does not pass through com.acme.Pricing.hidden before the test");
  }

  @Test
  void nestedExceptionTypesMatchWithDollarOrDot() {
    String trace = "x\n\tat com.acme.Cart$Line.total(Cart.java:3)\n";
    ReproductionTest test = expecting("com.acme.Cart.Failure", "com.acme.Cart$Line.total");

    assertThat(ReproductionCheck.reproduces(test, failed("com.acme.Cart$Failure", trace))).isTrue();
  }
}
