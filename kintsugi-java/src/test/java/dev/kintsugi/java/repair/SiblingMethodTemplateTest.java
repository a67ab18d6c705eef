package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.assertProduces;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SiblingMethodTemplateTest {

  private final Template template = new SiblingMethodTemplate();

  @Test
  void swapsMaxForMin() {
    String source =
        """
        class A {
          int f(int a, int b) {
            return Math.max(a, b);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("Math.max", "Math.min"));
  }

  @Test
  void swapsStreamMatchers() {
    String source =
        """
        class A {
          boolean f(java.util.List<String> xs) {
            return xs.stream().anyMatch(String::isEmpty);
          }
        }
        """;

    assertProduces(template, source, 3, source.replace("anyMatch", "allMatch"));
    assertProduces(template, source, 3, source.replace("anyMatch", "noneMatch"));
  }

  @Test
  void callsASameSignatureMethodOfTheClass() {
    String source =
        """
        class Box {
          int width;
          int height;
          int getWidth() { return width; }
          int getHeight() { return height; }
          int getDepth(int scale) { return scale; }
          int area() {
            return getWidth() * getWidth();
          }
        }
        """;

    assertProduces(
        template, source, 8, source.replace("getWidth() * getWidth()", "getWidth() * getHeight()"));
    assertThat(results(template, source, 8)).noneMatch(result -> result.contains("getDepth()"));
  }

  @Test
  void respectsTheReceiverType() {
    String source =
        """
        class A {
          boolean f(java.util.List<String> xs) {
            return xs.isEmpty();
          }
        }
        """;

    assertThat(results(template, source, 3)).noneMatch(result -> result.contains("isBlank"));
  }

  @Test
  void ignoresCallsWithoutSiblings() {
    assertNoEdits(
        template,
        """
        class A {
          String f(Object o) {
            return String.valueOf(o);
          }
        }
        """,
        3);
  }

  @Test
  void callsASiblingOfTheReceiversClass() {
    String order =
        """
        class Order {
          private String billing;
          private String shipping;
          String getBilling() { return billing; }
          String getShipping() { return shipping; }
          private String getSecret() { return ""; }
        }
        """;
    CompilationUnit orderUnit = JavaSourceParser.parse(order).orElseThrow();
    TypeLookup types =
        (from, type) ->
            type.equals("Order") ? orderUnit.getClassByName("Order").map(c -> c) : Optional.empty();
    String source =
        """
        class Tax {
          String destination(Order order) {
            return order.getBilling();
          }
        }
        """;

    List<String> results = results(new SiblingMethodTemplate(types), source, 3);

    assertThat(results).containsExactly(source.replace("getBilling", "getShipping"));
  }
}
