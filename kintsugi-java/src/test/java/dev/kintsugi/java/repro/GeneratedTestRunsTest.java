package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.Events.array;
import static dev.kintsugi.java.repro.Events.error;
import static dev.kintsugi.java.repro.Events.frame;
import static dev.kintsugi.java.repro.Events.object;
import static dev.kintsugi.java.repro.Events.vars;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.ProductionError;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated tests are compiled with javac together with the fixture's sources and run: each must
 * fail with the production exception, through the production throw site.
 */
class GeneratedTestRunsTest {

  private static final String PRICING = "com.acme.shop.Pricing";

  @TempDir Path dir;

  @Test
  void everySupportedShapeCompilesAndThrowsTheProductionException() {
    FixtureProject project = FixtureProject.copy(dir);
    Map<String, ProductionError> events = new LinkedHashMap<>();
    events.put(
        "primitives",
        error(
            "java.lang.IllegalArgumentException",
            frame(
                PRICING,
                "discounted",
                vars(
                    "cents",
                    1999L,
                    "percent",
                    101,
                    "code",
                    "X",
                    "grade",
                    "\u00e9",
                    "vip",
                    false,
                    "factor",
                    0.5,
                    "units",
                    -3,
                    "flags",
                    127,
                    "rate",
                    "-Infinity"))));
    events.put(
        "map",
        error(
            "java.lang.NullPointerException",
            frame(PRICING, "count", vars("stock", vars("apple", null), "sku", "apple"))));
    events.put(
        "list",
        error(
            "java.lang.NullPointerException",
            frame(PRICING, "totalLength", vars("skus", array("a", null)))));
    events.put(
        "array",
        error(
            "java.lang.ArrayIndexOutOfBoundsException",
            frame(PRICING, "pick", vars("values", array(1, 2), "index", 5))));
    events.put(
        "enum",
        error(
            "java.lang.IllegalStateException",
            frame(PRICING, "describe", vars("status", "SHIPPED"))));
    events.put(
        "bigdecimal",
        error(
            "java.lang.ArithmeticException",
            frame(
                PRICING,
                "split",
                vars("amount", object("java.math.BigDecimal", "value", "10"), "ways", 3)),
            Events.library("java.math.BigDecimal", "divide")));
    events.put(
        "record",
        error(
            "java.lang.NullPointerException",
            frame(
                PRICING,
                "lineTotal",
                vars(
                    "line",
                    object(
                        "com.acme.shop.model.Line", "sku", "A", "quantity", 1, "price", null)))));
    events.put(
        "overload",
        error("java.lang.NullPointerException", frame(PRICING, "label", vars("text", null))));
    events.put(
        "positional",
        error(
            "java.lang.NullPointerException",
            frame(PRICING, "count", vars("arg0", Map.of(), "arg1", "pear"))));
    Map<String, Object> customer = object("com.acme.shop.Customer", "name", "Ann", "tier", 0);
    events.put(
        "receiver",
        error(
            "java.lang.ArithmeticException",
            frame(PRICING, "discountFor", vars("customer", customer)),
            frame("com.acme.shop.Customer", "discountPercent", vars("this", customer))));
    events.put(
        "setters",
        error(
            "java.lang.StringIndexOutOfBoundsException",
            frame(
                PRICING,
                "zoneOf",
                vars("address", object("com.acme.shop.Address", "street", "Main", "zip", "1"))),
            Events.library("java.lang.String", "substring")));
    events.put(
        "subclass",
        error(
            "java.lang.IllegalStateException",
            frame(PRICING, "areaOf", vars("shape", object("com.acme.shop.Circle", "radius", -2)))));
    events.put(
        "noargs",
        error(
            "java.lang.IllegalArgumentException",
            frame("com.acme.shop.Counter", "next", vars("step", 0))));
    events.put(
        "nested",
        error(
            "java.lang.IllegalArgumentException",
            frame("com.acme.shop.Cart$Rounding", "round", vars("value", 2.5, "places", -1))));
    events.put(
        "generic",
        error(
            "java.lang.IllegalStateException",
            frame(
                "com.acme.shop.Box",
                "orElse",
                vars("this", object("com.acme.shop.Box", "value", null), "fallback", null))));
    events.put("lambda", cartTotalWithNullPrice());
    events.put(
        "compact",
        error(
            "java.lang.NullPointerException",
            frame("com.acme.shop.model.Money", "<init>", vars("cents", 5, "currency", null))));
    events.put(
        "constructor",
        error(
            "java.lang.IllegalArgumentException",
            frame("com.acme.shop.Counter", "<init>", vars("start", -1))));
    events.put(
        "private",
        error(
            "java.lang.ArithmeticException",
            frame(PRICING, "callsHidden", vars("divisor", 0)),
            frame(PRICING, "hidden", vars("divisor", 0))));

    List<ReproductionTest> tests = new ArrayList<>();
    events.forEach(
        (id, event) -> {
          ReproductionResult result = project.generator().generate(event, List.of(), id);
          assertThat(result).as("%s: %s", id, result).isInstanceOf(ReproductionTest.class);
          tests.add((ReproductionTest) result);
          project.add((ReproductionTest) result);
        });
    Path classes = project.compile();

    for (ReproductionTest test : tests) {
      Throwable thrown = FixtureProject.run(classes, test.testClass(), test.testMethod());
      assertThat(thrown).as("%s threw nothing:%n%s", test.testClass(), test.source()).isNotNull();
      assertThat(thrown.getClass().getName())
          .as("%s:%n%s", test.testClass(), test.source())
          .isEqualTo(test.expectedExceptionType());
      TestOutcome outcome = outcome(test, thrown);
      assertThat(ReproductionCheck.mismatch(test, outcome))
          .as("%s:%n%s", test.testClass(), outcome.stackTrace())
          .isEmpty();
    }
  }

  @Test
  void fixingTheBugMakesTheReproductionPass() {
    FixtureProject project = FixtureProject.copy(dir);
    ReproductionTest test =
        (ReproductionTest) project.generator().generate(cartTotalWithNullPrice(), List.of(), "fix");
    project.add(test);

    Throwable before = FixtureProject.run(project.compile(), test.testClass(), test.testMethod());
    project.replace(
        FixtureProject.PACKAGE_DIR + "Cart.java",
        ".map(l -> l.price().multiply(",
        ".filter(l -> l.price() != null)\n            .map(l -> l.price().multiply(");
    Throwable after = FixtureProject.run(project.compile(), test.testClass(), test.testMethod());

    assertThat(before).isInstanceOf(NullPointerException.class);
    assertThat(test.isReproducedBy(outcome(test, before))).isTrue();
    assertThat(after).isNull();
    assertThat(test.isReproducedBy(TestOutcome.passed(test.testId(), 1))).isFalse();
  }

  @Test
  void hostileEventTextEndsUpAsInertData() {
    FixtureProject project = FixtureProject.copy(dir);
    String hostile =
        "*/ static { if (true) throw new Error(\"comment\"); } /*"
            + "\\u0022); if (true) throw new Error(\"unicode\"); //"
            + "\"); if (true) throw new Error(\"quote\"); (\""
            + "\\\\u0022 \\\\\\u0022 \\"
            + "\n\r\t\0\u0001\u007f\u2028\u00e9\ud83d\ude00'"
            + "u\\";
    String hostileId = "*/ static { } /* \\u000a class X {} \\u002a/";
    CapturedException exception =
        new CapturedException(
            "java.lang.IllegalArgumentException*/\\u000aclass Y {}",
            hostile,
            List.of(
                frame(
                    PRICING,
                    "discounted",
                    vars(
                        "cents", 1, "percent", 200, "code", hostile, "grade", "'", "vip", true,
                        "factor", 1, "units", 1, "flags", 1, "rate", 1))));
    ProductionError error =
        new ProductionError(hostileId, List.of(exception), Optional.empty(), Optional.empty());

    ReproductionTest test = (ReproductionTest) project.generator().generate(error, List.of(), "");
    project.add(test);
    Throwable thrown = FixtureProject.run(project.compile(), test.testClass(), test.testMethod());

    assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getMessage()).isEqualTo("bad percent for " + hostile);
    String header = test.source().substring(0, test.source().indexOf("*/"));
    assertThat(header).doesNotContain("\\", "static {", "class X", "class Y");
    assertThat(test.testClass()).isEqualTo("com.acme.shop.KintsugiReprostaticu000acTest");
  }

  @Test
  void junit4TestCompilesAndThrows() {
    FixtureProject project = FixtureProject.copy(dir);
    project.write(
        "pom.xml",
        "<project><dependencies><dependency><groupId>junit</groupId>"
            + "<artifactId>junit</artifactId><version>4.13.2</version></dependency>"
            + "</dependencies></project>");
    // This JVM has JUnit 5 only; the annotation is all the generated test needs to compile.
    project.write(
        "src/test/java/org/junit/Test.java",
        "package org.junit;\n"
            + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
            + "public @interface Test {}\n");
    ProductionError error =
        error(
            "java.lang.IllegalArgumentException",
            frame("com.acme.shop.Counter", "next", vars("step", 0)));

    ReproductionTest test = (ReproductionTest) project.generator().generate(error, List.of(), "j4");
    project.add(test);
    Throwable thrown = FixtureProject.run(project.compile(), test.testClass(), test.testMethod());

    assertThat(test.source()).contains("import org.junit.Test;", "public void reproducesNext()");
    assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(test.isReproducedBy(outcome(test, thrown))).isTrue();
  }

  private static ProductionError cartTotalWithNullPrice() {
    Map<String, Object> cart =
        object(
            "com.acme.shop.Cart",
            "owner",
            "ann",
            "lines",
            array(
                object("com.acme.shop.model.Line", "sku", "A", "quantity", 1, "price", null),
                object(
                    "com.acme.shop.model.Line",
                    "sku",
                    "B",
                    "quantity",
                    2,
                    "price",
                    object("java.math.BigDecimal", "value", "1.50"))));
    return error(
        "java.lang.NullPointerException",
        frame("com.acme.shop.Cart", "total", vars("this", cart, "discountPercent", 10)),
        Events.library("java.util.stream.ReferencePipeline$3$1", "accept"),
        frame("com.acme.shop.Cart", "lambda$total$0", vars("l", Map.of())));
  }

  private static TestOutcome outcome(ReproductionTest test, Throwable thrown) {
    return new TestOutcome(
        new TestId(test.testClass(), test.testMethod()),
        TestStatus.ERROR,
        1,
        thrown.getClass().getName(),
        thrown.getMessage(),
        FixtureProject.trace(thrown));
  }
}
