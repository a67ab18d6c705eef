package dev.kintsugi.worker;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Assume;
import org.junit.Ignore;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** JUnit 4 tests run by the adapter tests; its name keeps Surefire from running it directly. */
public class SampleJUnit4Cases {

  @Test
  public void passes() {
    assertEquals(2, 1 + 1);
  }

  @Test
  public void fails() {
    assertEquals("sum", 3, 1 + 1);
  }

  @Test
  public void throwsIllegalState() {
    throw new IllegalStateException("boom");
  }

  @Test
  @Ignore
  public void ignored() {}

  @Test
  public void assumesOtherwise() {
    Assume.assumeTrue("not here", false);
  }

  /** Parameterized names its invocations {@code method[n]}. */
  @RunWith(Parameterized.class)
  public static class Params {
    private final int value;

    public Params(int value) {
      this.value = value;
    }

    @Parameterized.Parameters
    public static List<Integer> values() {
      return List.of(1, 2, 3);
    }

    @Test
    public void positiveUnlessTwo() {
      assertEquals(true, value != 2);
    }
  }
}
