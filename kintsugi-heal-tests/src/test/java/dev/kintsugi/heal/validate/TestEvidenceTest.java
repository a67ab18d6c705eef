package dev.kintsugi.heal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestEvidenceTest {

  @Test
  void framesLeaveOutAssertionLibrariesAndReflectionSoTheTestsOwnFrameShows() {
    String trace =
        "org.opentest4j.AssertionFailedError: expected: <6> but was: <7>\n"
            + "\tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)\n"
            + "\tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:1145)\n"
            + "\tat shop.Cart.total(Cart.java:7)\n"
            + "\tat shop.CartTest.total(CartTest.java:12)\n"
            + "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n"
            + "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)\n"
            + "\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:1)\n";

    assertThat(TestEvidence.frames(trace, 8))
        .isEqualTo(
            "\n    at shop.Cart.total(Cart.java:7)\n    at shop.CartTest.total(CartTest.java:12)");
    assertThat(TestEvidence.frames(trace, 1)).isEqualTo("\n    at shop.Cart.total(Cart.java:7)");
  }
}
