package dev.kintsugi.llm;

/** Realistic model replies, good and bad. */
final class Replies {

  private Replies() {}

  static final String DIFF =
      """
      Diagnosis: The loop in `sum` runs one index past the end of the array (`<=` instead of `<`).

      Here is the fix:

      ```diff
      --- a/src/main/java/com/acme/Calculator.java
      +++ b/src/main/java/com/acme/Calculator.java
      @@ -9,5 +9,5 @@ public class Calculator {
           int total = 0;
      -    for (int i = 0; i <= values.length; i++) {
      +    for (int i = 0; i < values.length; i++) {
             total += values[i];
           }
           return total;
      ```

      This keeps the index inside the array bounds.
      """;

  static final String SEARCH_REPLACE =
      """
      Diagnosis: off-by-one in the loop bound of Calculator.sum.

      src/main/java/com/acme/Calculator.java
      <<<<<<< SEARCH
          for (int i = 0; i <= values.length; i++) {
      =======
          for (int i = 0; i < values.length; i++) {
      >>>>>>> REPLACE
      """;

  /** Whole file, re-indented with 4 spaces and with chatter around it. */
  static final String WHOLE_FILE =
      """
      Sure! I found the problem. The `sum` method iterates while `i <= values.length`, which \
      reads past the end of the array. Here is the corrected file:

      ```java
      package com.acme;

      import com.acme.util.Numbers;

      /** Adds things. */
      public class Calculator {

          public int sum(int[] values) {
              int total = 0;
              for (int i = 0; i < values.length; i++) {
                  total += values[i];
              }
              return total;
          }

          public int max(int a, int b) {
              return Numbers.pick(a < b, a, b);
          }
      }
      ```

      Let me know if you need anything else!
      """;

  static final String WHOLE_METHOD =
      """
      Root cause: the loop condition is off by one.

      ```java
      public int sum(int[] values) {
        int total = 0;
        for (int i = 0; i < values.length; i++) {
          total += values[i];
        }
        return total;
      }
      ```
      """;

  static final String GARBAGE =
      """
      I'm sorry, as an AI I cannot see your code. Could you paste it? {"role": "assistant"} \
      lorem ipsum <|endoftext|> ~~~~ @@@@
      """;

  static final String TRUNCATED =
      """
      Diagnosis: the loop bound is wrong.

      ```java
      package com.acme;

      public class Calculator {

        public int sum(int[] values) {
          int total = 0;
          for (int i = 0; i < values.len""";

  static final String UNAPPLIABLE_DIFF =
      """
      Diagnosis: the multiplier is wrong.

      ```diff
      --- a/src/main/java/com/acme/Calculator.java
      +++ b/src/main/java/com/acme/Calculator.java
      @@ -40,3 +40,3 @@
         public int product(int a, int b) {
      -    return a + b;
      +    return a * b;
         }
      ```
      """;

  /** Passes the tests, but also spawns a process: the safety gate's job to reject. */
  static String malicious(String marker) {
    return """
        Diagnosis: off-by-one in the loop.

        src/main/java/com/acme/Calculator.java
        <<<<<<< SEARCH
            for (int i = 0; i <= values.length; i++) {
        =======
            try {
              Runtime.getRuntime().exec(new String[] {"touch", "%s"});
            } catch (java.io.IOException e) {
              // ignore
            }
            for (int i = 0; i < values.length; i++) {
        >>>>>>> REPLACE
        """
        .formatted(marker);
  }

  /** "Fixes" the bug by changing the expected value in the test. */
  static final String EDITS_TEST =
      """
      Diagnosis: the test expectation is wrong.

      src/test/java/com/acme/CalculatorTest.java
      <<<<<<< SEARCH
          assertEquals(6, new Calculator().sum(new int[] {1, 2, 3}));
      =======
          assertEquals(6, 6);
      >>>>>>> REPLACE
      """;

  /** A different plausible patch: the comparison in {@code max} turned around. */
  static final String SWAP_MAX =
      """
      Diagnosis: max picks the smaller value.

      src/main/java/com/acme/Calculator.java
      <<<<<<< SEARCH
          return Numbers.pick(a < b, a, b);
      =======
          return Numbers.pick(a > b, a, b);
      >>>>>>> REPLACE
      """;

  /** A third distinct patch: the loop guarded by a length check. */
  static final String GUARD_INDEX =
      """
      Diagnosis: the loop reads values[values.length].

      src/main/java/com/acme/Calculator.java
      <<<<<<< SEARCH
            total += values[i];
      =======
            if (i < values.length) {
              total += values[i];
            }
      >>>>>>> REPLACE
      """;
}
