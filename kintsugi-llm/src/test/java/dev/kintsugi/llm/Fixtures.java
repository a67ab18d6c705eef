package dev.kintsugi.llm;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tiny buggy project in a temp directory, and a repair request for it. */
final class Fixtures {

  static final String CALC = "src/main/java/com/acme/Calculator.java";
  static final String HELPER = "src/main/java/com/acme/util/Numbers.java";
  static final String TEST = "src/test/java/com/acme/CalculatorTest.java";

  static final String CALC_TEXT =
      """
      package com.acme;

      import com.acme.util.Numbers;

      /** Adds things. */
      public class Calculator {

        public int sum(int[] values) {
          int total = 0;
          for (int i = 0; i <= values.length; i++) {
            total += values[i];
          }
          return total;
        }

        public int max(int a, int b) {
          return Numbers.pick(a < b, a, b);
        }
      }
      """;

  static final String HELPER_TEXT =
      """
      package com.acme.util;

      public final class Numbers {
        private Numbers() {}

        public static int pick(boolean first, int a, int b) {
          return first ? a : b;
        }
      }
      """;

  static final String TEST_TEXT =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CalculatorTest {
        @Test
        void sums() {
          assertEquals(6, new Calculator().sum(new int[] {1, 2, 3}));
        }
      }
      """;

  static final String TRACE =
      """
      java.lang.ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 3
      \tat com.acme.Calculator.sum(Calculator.java:11)
      \tat com.acme.CalculatorTest.sums(CalculatorTest.java:10)
      \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
      \tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:767)
      """;

  private Fixtures() {}

  static Path project(Path dir) throws IOException {
    write(dir, CALC, CALC_TEXT);
    write(dir, HELPER, HELPER_TEXT);
    write(dir, TEST, TEST_TEXT);
    write(dir, "pom.xml", "<project/>\n");
    return dir;
  }

  static void write(Path dir, String file, String text) throws IOException {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  static TestOutcome failure(String message) {
    return new TestOutcome(
        new TestId("com.acme.CalculatorTest", "sums"),
        TestStatus.ERROR,
        12,
        "java.lang.ArrayIndexOutOfBoundsException",
        message,
        TRACE);
  }

  static RepairRequest request(Path root, int round) {
    return request(root, round, failure("Index 3 out of bounds for length 3"));
  }

  static RepairRequest request(Path root, int round, TestOutcome failing) {
    Diagnosis diagnosis =
        new Diagnosis(
            List.of(
                new RankedLocation(CALC, 11, 0.9, "stack frame #1"),
                new RankedLocation(CALC, 10, 0.6, "ochiai 0.6")),
            "");
    return new RepairRequest(root, diagnosis, List.of(failing), round, 10);
  }
}
