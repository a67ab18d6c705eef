package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;

import org.junit.jupiter.api.Test;

class BitwiseOperatorTemplateTest {

  private final Template template = new BitwiseOperatorTemplate();

  @Test
  void swapsAndForOr() {
    String source =
        """
        class A {
          int f(int flags, int mask) {
            return flags & mask;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("flags & mask", "flags | mask"));
  }

  @Test
  void swapsSignedForUnsignedShift() {
    String source =
        """
        class A {
          int f(int h) {
            return h ^ (h >> 16);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("h >> 16", "h >>> 16"));
  }

  @Test
  void keepsPrecedenceWithParentheses() {
    String source =
        """
        class A {
          int f(int a, int b, int c) {
            return a & b ^ c;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("a & b ^ c", "(a | b) ^ c"));
  }

  @Test
  void swapsCompoundAssignment() {
    String source =
        """
        class A {
          void f(int flags) {
            flags |= 4;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("|=", "&="));
  }

  @Test
  void ignoresLogicalOperators() {
    assertNoEdits(
        template,
        """
        class A {
          boolean f(boolean a, boolean b) {
            return a && b;
          }
        }
        """,
        3);
  }

  @Test
  void offersEveryOtherShiftAssignment() {
    String source =
        """
        class A {
          int f(int bits) {
            bits <<= 2;
            return bits;
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("<<=", ">>>="));
    assertProduces(template, source, 3, source.replace("<<=", ">>="));
  }
}
