package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class ClampTemplateTest {

  private final Template template = new ClampTemplate();

  @Test
  void keepsASubstringEndWithinTheString() {
    String source =
        """
        class A {
          String f(String s, int n) {
            return s.substring(0, n + 3);
          }
        }
        """;

    assertProduces(
        template, source, 3, source.replace("(0, n + 3)", "(0, Math.min(n + 3, s.length()))"));
  }

  @Test
  void keepsAnIndexNonNegative() {
    String source =
        """
        class A {
          int f(int[] a, int i) {
            return a[i - 1];
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a[i - 1]", "a[Math.max(0, i - 1)]"));
    assertProduces(
        template, source, 3, source.replace("a[i - 1]", "a[Math.min(i - 1, a.length - 1)]"));
  }

  @Test
  void takesTheAbsoluteValueOfAHashIndex() {
    String source =
        """
        class A {
          Object f(Object[] buckets, Object key) {
            return buckets[key.hashCode() % buckets.length];
          }
        }
        """;

    assertProduces(
        template,
        source,
        3,
        source.replace(
            "buckets[key.hashCode() % buckets.length]",
            "buckets[Math.abs(key.hashCode() % buckets.length)]"));
  }

  @Test
  void ignoresLiteralIndexes() {
    assertNoEdits(
        template,
        """
        class A {
          int f(int[] a) {
            return a[0];
          }
        }
        """,
        3);
  }

  @Test
  void clampsAComputedValueAtANamedBound() {
    String source =
        """
        class A {
          static final int MIN = 0;
          static final int MAX = 100;
          private int level;
          void down(int step) {
            level = level - step;
          }
        }
        """;

    assertProduces(
        template, source, 6, source.replace("level - step;", "Math.max(MIN, level - step);"));
    assertProduces(
        template, source, 6, source.replace("level - step;", "Math.max(0, level - step);"));
  }

  @Test
  void makesAHashedIndexNonNegative() {
    String source =
        """
        class A {
          int shard(String key, int n) {
            int index = key.hashCode() % n;
            return index;
          }
        }
        """;

    assertProduces(
        template,
        source,
        3,
        source.replace("key.hashCode() % n;", "Math.abs(key.hashCode() % n);"));
  }
}
