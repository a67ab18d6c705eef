package dev.kintsugi.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jupiter tests run by the adapter tests; its name keeps Surefire from running it directly. */
class SampleCases {

  @Test
  void passes() {
    assertEquals(2, 1 + 1);
  }

  @Test
  void fails() {
    assertEquals(3, 1 + 1, "sum");
  }

  @Test
  void throwsIllegalState() {
    throw new IllegalStateException("boom");
  }

  @Test
  @Disabled("not today")
  void disabled() {}

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void positiveUnlessTwo(int value) {
    assertEquals(true, value != 2, "value " + value);
  }

  @Nested
  class Inner {
    @Test
    void nestedPasses() {}
  }
}
