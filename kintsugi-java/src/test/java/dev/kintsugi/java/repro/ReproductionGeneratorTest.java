package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.Events.array;
import static dev.kintsugi.java.repro.Events.error;
import static dev.kintsugi.java.repro.Events.frame;
import static dev.kintsugi.java.repro.Events.object;
import static dev.kintsugi.java.repro.Events.vars;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproductionGeneratorTest {

  private static final String PRICING = "com.acme.shop.Pricing";
  private static final String IAE = "java.lang.IllegalArgumentException";
  private static final String NPE = "java.lang.NullPointerException";

  @TempDir Path dir;
  FixtureProject project;

  @BeforeEach
  void copyFixture() {
    project = FixtureProject.copy(dir);
  }

  private ReproductionTest reproduce(ProductionError error) {
    ReproductionResult result = project.generator().generate(error, List.of("com.acme"), "INC-42");
    assertThat(result).as("%s", result).isInstanceOf(ReproductionTest.class);
    return (ReproductionTest) result;
  }

  private List<String> reasons(ProductionError error) {
    ReproductionResult result = project.generator().generate(error, List.of("com.acme"), "INC-42");
    assertThat(result).as("%s", result).isInstanceOf(NoReproduction.class);
    return ((NoReproduction) result).reasons();
  }

  private static ProductionError pricing(String method, Map<String, Object> vars) {
    return error(NPE, frame(PRICING, method, vars));
  }

  @Nested
  class Shapes {

    @Test
    void staticMethodWithEveryPrimitiveAndAString() {
      ReproductionTest test =
          reproduce(
              error(
                  IAE,
                  frame(
                      PRICING,
                      "discounted",
                      17,
                      vars(
                          "cents", 1999, "percent", 150, "code", "SPRING", "grade", "A", "vip",
                          true, "factor", 1.5, "units", 3, "flags", -1, "rate", "NaN"))));

      assertThat(test.path()).isEqualTo("src/test/java/com/acme/shop/KintsugiReproINC42Test.java");
      assertThat(test.testClass()).isEqualTo("com.acme.shop.KintsugiReproINC42Test");
      assertThat(test.testMethod()).isEqualTo("reproducesDiscounted");
      assertThat(test.expectedExceptionType()).isEqualTo(IAE);
      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Pricing.discounted");
      assertThat(test.targetFrame().method()).isEqualTo("discounted");
      assertThat(test.source())
          .startsWith("package com.acme.shop;\n\nimport org.junit.jupiter.api.Test;\n")
          .contains(
              "    long cents = 1999L;\n",
              "    int percent = 150;\n",
              "    String code = \"SPRING\";\n",
              "    char grade = 'A';\n",
              "    boolean vip = true;\n",
              "    float factor = 1.5f;\n",
              "    short units = (short) 3;\n",
              "    byte flags = (byte) -1;\n",
              "    double rate = Double.NaN;\n",
              "    Pricing.discounted(cents, percent, code, grade, vip, factor, units, flags, rate);\n",
              "  @Test\n  void reproducesDiscounted() throws Exception {\n")
          .doesNotContain("assertThrows", "catch");
    }

    @Test
    void instanceMethodGetsItsReceiverFromTheThisSnapshot() {
      Map<String, Object> customer = object("com.acme.shop.Customer", "name", "Ann", "tier", 0);
      ReproductionTest test =
          reproduce(
              error(
                  "java.lang.ArithmeticException",
                  frame(PRICING, "discountFor", vars("customer", customer)),
                  frame("com.acme.shop.Customer", "discountPercent", vars("this", customer))));

      assertThat(test.targetFrame().method()).isEqualTo("discountPercent");
      assertThat(test.source())
          .contains(
              "    Customer customer = new Customer(\"Ann\", 0);\n",
              "    customer.discountPercent();\n");
    }

    @Test
    void receiverWithoutSnapshotComesFromTheNoArgumentConstructor() {
      ReproductionTest test =
          reproduce(error(IAE, frame("com.acme.shop.Counter", "next", vars("step", 0))));

      assertThat(test.source())
          .contains("    Counter counter = new Counter();\n", "    counter.next(step);\n");
      assertThat(test.notes()).anyMatch(n -> n.contains("no-argument constructor"));
    }

    @Test
    void receiverWhoseSnapshotCannotBeRebuiltFallsBackToTheNoArgumentConstructor() {
      Map<String, Object> counter = new java.util.LinkedHashMap<>();
      counter.put("@class", "com.acme.shop.Counter");
      counter.put("history", "<kintsugi:truncated>");
      ReproductionTest test =
          reproduce(
              error(IAE, frame("com.acme.shop.Counter", "next", vars("this", counter, "step", 0))));

      assertThat(test.source())
          .contains("    Counter counter = new Counter();\n", "    counter.next(step);\n");
      assertThat(test.notes())
          .anyMatch(n -> n.contains("the receiver (this) was truncated by the agent"))
          .anyMatch(n -> n.contains("no-argument constructor instead"));
    }

    @Test
    void enumFromAnotherPackageIsImported() {
      ReproductionTest test = reproduce(pricing("describe", vars("status", "SHIPPED")));

      assertThat(test.source())
          .contains(
              "import com.acme.shop.model.Status;\n",
              "    Status status = Status.SHIPPED;\n",
              "    Pricing.describe(status);\n");
    }

    @Test
    void arrayOfPrimitives() {
      ReproductionTest test = reproduce(pricing("pick", vars("values", array(1, 2), "index", 5)));

      assertThat(test.source()).contains("    int[] values = new int[] {1, 2};\n");
    }

    @Test
    void listOfStringsIsMutableAndKeepsNulls() {
      ReproductionTest test = reproduce(pricing("totalLength", vars("skus", array("a", null))));

      assertThat(test.source())
          .contains(
              "import java.util.ArrayList;\nimport java.util.Arrays;\nimport java.util.List;\n",
              "    List<String> skus = new ArrayList<>(Arrays.asList(\"a\", null));\n");
    }

    @Test
    void mapIsFilledEntryByEntryInSnapshotOrder() {
      Map<String, Object> stock = vars("pear", 2, "apple", null);
      ReproductionTest test = reproduce(pricing("count", vars("stock", stock, "sku", "apple")));

      assertThat(test.source())
          .contains(
              "    Map<String, Integer> stock = new LinkedHashMap<>();\n"
                  + "    stock.put(\"pear\", 2);\n"
                  + "    stock.put(\"apple\", null);\n"
                  + "    String sku = \"apple\";\n");
    }

    @Test
    void recordThroughItsCanonicalConstructor() {
      Map<String, Object> line =
          object("com.acme.shop.model.Line", "sku", "X-1", "quantity", 2, "price", null);
      ReproductionTest test = reproduce(pricing("lineTotal", vars("line", line)));

      assertThat(test.source())
          .contains(
              "import com.acme.shop.model.Line;\n",
              "    Line line = new Line(\"X-1\", 2, null);\n");
    }

    @Test
    void classThroughTheConstructorWhoseParametersNameItsFields() {
      Map<String, Object> customer = object("com.acme.shop.Customer", "tier", 0, "name", "Ann");
      ReproductionTest test = reproduce(pricing("discountFor", vars("customer", customer)));

      assertThat(test.source()).contains("    Customer customer = new Customer(\"Ann\", 0);\n");
    }

    @Test
    void classThroughNoArgumentConstructorAndSetters() {
      Map<String, Object> address =
          object("com.acme.shop.Address", "street", "Main St", "zip", "1");
      ReproductionTest test = reproduce(pricing("zoneOf", vars("address", address)));

      assertThat(test.source())
          .contains(
              "    Address address = new Address();\n"
                  + "    address.setStreet(\"Main St\");\n"
                  + "    address.setZip(\"1\");\n"
                  + "    Pricing.zoneOf(address);\n");
    }

    @Test
    void bigDecimalFromItsText() {
      Map<String, Object> amount = object("java.math.BigDecimal", "value", "10.00");
      ReproductionTest test = reproduce(pricing("split", vars("amount", amount, "ways", 3)));

      assertThat(test.source())
          .contains(
              "import java.math.BigDecimal;\n",
              "    BigDecimal amount = new BigDecimal(\"10.00\");\n");
    }

    @Test
    void nullArgumentsAreTypedLocals() {
      ReproductionTest test = reproduce(pricing("lengthOf", vars("text", null)));

      assertThat(test.source())
          .contains("    String text = null;\n", "    Pricing.lengthOf(text);\n");
    }

    @Test
    void subclassNamedByTheSnapshot() {
      Map<String, Object> circle = object("com.acme.shop.Circle", "radius", -1);
      ReproductionTest test = reproduce(pricing("areaOf", vars("shape", circle)));

      assertThat(test.source()).contains("    Shape shape = new Circle(-1.0d);\n");
    }

    @Test
    void nestedStaticClassIsQualifiedByItsOuterClass() {
      ReproductionTest test =
          reproduce(
              error(
                  IAE,
                  frame("com.acme.shop.Cart$Rounding", "round", vars("value", 1.5, "places", -1))));

      assertThat(test.testMethod()).isEqualTo("reproducesRound");
      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Cart$Rounding.round");
      assertThat(test.source())
          .contains("    double value = 1.5d;\n", "    Cart.Rounding.round(value, places);\n");
    }

    @Test
    void genericClassIsUsedRawWithWarningsSuppressed() {
      Map<String, Object> box = object("com.acme.shop.Box", "value", null);
      ReproductionTest test =
          reproduce(
              error(
                  "java.lang.IllegalStateException",
                  frame("com.acme.shop.Box", "orElse", vars("this", box, "fallback", null))));

      assertThat(test.source())
          .contains(
              "  @SuppressWarnings({\"rawtypes\", \"unchecked\"})\n",
              "    Box box = new Box(null);\n",
              "    Object fallback = null;\n",
              "    box.orElse(fallback);\n");
    }

    @Test
    void recordCompactConstructorIsCalledWithNew() {
      ReproductionTest test =
          reproduce(
              error(
                  NPE,
                  frame(
                      "com.acme.shop.model.Money", "<init>", vars("cents", 5, "currency", null))));

      assertThat(test.testClass()).isEqualTo("com.acme.shop.model.KintsugiReproINC42Test");
      assertThat(test.testMethod()).isEqualTo("reproducesNewMoney");
      assertThat(test.source())
          .contains(
              "    long cents = 5L;\n    String currency = null;\n    new Money(cents, currency);\n");
    }

    @Test
    void classConstructorOverloadChosenByArity() {
      ReproductionTest test =
          reproduce(error(IAE, frame("com.acme.shop.Counter", "<init>", vars("start", -1))));

      assertThat(test.source()).contains("    int start = -1;\n    new Counter(start);\n");
    }

    @Test
    void positionalNamesFromClassesCompiledWithoutParameters() {
      ReproductionTest test = reproduce(pricing("count", vars("arg1", "apple", "arg0", Map.of())));

      assertThat(test.source())
          .contains(
              "    Map<String, Integer> stock = new LinkedHashMap<>();\n",
              "    String sku = \"apple\";\n");
      assertThat(test.notes()).anyMatch(n -> n.contains("matched by position"));
    }

    @Test
    void realNamesMatchByNameWhateverTheirOrder() {
      ReproductionTest test = reproduce(pricing("count", vars("sku", "apple", "stock", Map.of())));

      assertThat(test.source()).contains("    String sku = \"apple\";\n");
      assertThat(test.notes()).noneMatch(n -> n.contains("matched by position"));
    }

    @Test
    void nonInAppFramesAreNotTried() {
      ReproductionTest test =
          reproduce(
              error(
                  NPE,
                  frame(PRICING, "lengthOf", vars("text", null)),
                  Events.library("java.lang.String", "length")));

      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Pricing.lengthOf");
    }
  }

  @Nested
  class Overloads {

    @Test
    void sameArityIsResolvedByParameterNames() {
      ReproductionTest test = reproduce(pricing("label", vars("text", null)));

      assertThat(test.source()).contains("    String text = null;\n");
    }

    @Test
    void positionalNamesAreResolvedByTheFrameLine() {
      int line = lineOf("static String label(String text)") + 1;

      ReproductionTest test =
          reproduce(error(NPE, frame(PRICING, "label", line, vars("arg0", null))));

      assertThat(test.source()).contains("    String text = null;\n");
    }

    @Test
    void arityPicksTheTwoParameterOverload() {
      ReproductionTest test = reproduce(pricing("label", vars("arg0", 5, "arg1", -1)));

      assertThat(test.source()).contains("    int number = 5;\n    int width = -1;\n");
    }

    @Test
    void ambiguityIsAReasonNotAGuess() {
      assertThat(reasons(pricing("label", vars("arg0", 5))))
          .containsExactly(
              "frame com.acme.shop.Pricing.label: ambiguous overloads with 1 parameters");
    }

    private int lineOf(String text) {
      String[] lines = project.read(FixtureProject.PACKAGE_DIR + "Pricing.java").split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains(text)) {
          return i + 1;
        }
      }
      throw new AssertionError(text);
    }
  }

  @Nested
  class Fallbacks {

    @Test
    void truncatedArgument() {
      assertThat(reasons(pricing("totalLength", vars("skus", array("a", "<kintsugi:truncated>")))))
          .containsExactly(
              "frame com.acme.shop.Pricing.totalLength: argument skus was truncated by the agent");
    }

    @Test
    void stringCutShortByTheAgent() {
      assertThat(reasons(pricing("lengthOf", vars("text", "abcdef<kintsugi:truncated>"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: argument text was truncated by the agent");
    }

    @Test
    void truncatedMapKeys() {
      Map<String, Object> stock = vars("apple", 1, "<kintsugi:truncated>", 40);
      assertThat(reasons(pricing("count", vars("stock", stock, "sku", "apple"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.count: argument stock was truncated by the agent");
    }

    @Test
    void scrubbedArgument() {
      assertThat(reasons(pricing("lengthOf", vars("text", "[Filtered]"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: argument text was scrubbed ([Filtered])");
    }

    @Test
    void argumentWithAScrubMaskInsideIsNotRebuilt() {
      assertThat(reasons(pricing("lengthOf", vars("text", "Bearer [Filtered]"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: argument text was scrubbed ([Filtered])");
      assertThat(reasons(pricing("lengthOf", vars("text", "card [creditcard] declined"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: argument text was scrubbed ([creditcard])");
      assertThat(
              project
                  .generator()
                  .generate(
                      pricing("lengthOf", vars("text", "[array] of [things]")),
                      List.of("com.acme"),
                      "INC-42"))
          .as("brackets alone are not a mask")
          .isInstanceOf(ReproductionTest.class);
    }

    @Test
    void receiverCutAtTheCaptureDepth() {
      Map<String, Object> cart =
          object("com.acme.shop.Cart", "owner", "ann", "lines", "<kintsugi:depth>");
      assertThat(
              reasons(
                  error(
                      NPE,
                      frame(
                          "com.acme.shop.Cart",
                          "total",
                          vars("this", cart, "discountPercent", 0)))))
          .containsExactly(
              "frame com.acme.shop.Cart.total: the receiver (this) was cut at the agent's"
                  + " capture depth; no receiver snapshot and no accessible no-argument"
                  + " constructor for com.acme.shop.Cart");
    }

    @Test
    void noSnapshot() {
      assertThat(reasons(pricing("lengthOf", Map.of())))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: no argument snapshot was captured");
    }

    @Test
    void privateMethodFallsBackToItsCaller() {
      ProductionError error =
          error(
              "java.lang.ArithmeticException",
              frame(PRICING, "callsHidden", vars("divisor", 0)),
              frame(PRICING, "hidden", vars("divisor", 0)));

      ReproductionTest test = reproduce(error);

      assertThat(test.targetFrame().method()).isEqualTo("callsHidden");
      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Pricing.hidden");
      assertThat(test.notes())
          .contains("frame com.acme.shop.Pricing.hidden: private method (skipped)");
    }

    @Test
    void lambdaFrameFallsBackToTheEnclosingMethod() {
      Map<String, Object> cart =
          object(
              "com.acme.shop.Cart",
              "owner",
              "ann",
              "lines",
              array(object("com.acme.shop.model.Line", "sku", "A", "quantity", 1, "price", null)));
      ReproductionTest test =
          reproduce(
              error(
                  NPE,
                  frame("com.acme.shop.Cart", "total", vars("this", cart, "discountPercent", 10)),
                  Events.library("java.util.stream.ReferencePipeline$3$1", "accept"),
                  frame("com.acme.shop.Cart", "lambda$total$0", vars("l", Map.of()))));

      assertThat(test.targetFrame().method()).isEqualTo("total");
      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Cart.lambda$total$0");
      assertThat(test.source())
          .contains(
              "    List<Line> lines = new ArrayList<>(Arrays.asList(new Line(\"A\", 1, null)));\n"
                  + "    Cart cart = new Cart(\"ann\", lines);\n"
                  + "    int discountPercent = 10;\n"
                  + "    cart.total(discountPercent);\n");
    }

    @Test
    void everyFrameExplainsItself() {
      ProductionError error =
          error(
              NPE,
              frame("com.acme.shop.Ghost", "run", vars()),
              frame("com.acme.shop.Cart$View", "render", vars("width", 3)),
              frame("com.acme.shop.Cart$1", "run", vars()),
              frame("com.acme.shop.Shape", "describe", vars("precision", 2)),
              frame("com.acme.shop.Cart", "lambda$total$0", vars()));

      assertThat(reasons(error))
          .containsExactly(
              "frame com.acme.shop.Cart.lambda$total$0: lambda or synthetic method",
              "frame com.acme.shop.Shape.describe: abstract class without a usable receiver",
              "frame com.acme.shop.Cart$1.run: anonymous or local class",
              "frame com.acme.shop.Cart$View.render: non-static inner class",
              "frame com.acme.shop.Ghost.run: class not found in the main sources");
    }

    @Test
    void unknownEnumConstant() {
      assertThat(reasons(pricing("describe", vars("status", "GONE"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.describe: argument status: enum"
                  + " com.acme.shop.model.Status has no constant GONE");
    }

    @Test
    void valueOfTheWrongShape() {
      assertThat(reasons(pricing("pick", vars("values", "oops", "index", 1.5))))
          .containsExactly(
              "frame com.acme.shop.Pricing.pick: argument values: the captured value does not fit"
                  + " type int[]");
    }

    @Test
    void objectWithoutAMatchingConstructorOrSetters() {
      Map<String, Object> settings = object("com.acme.shop.Settings", "retries", 0);
      assertThat(reasons(pricing("retriesOf", vars("settings", settings))))
          .containsExactly(
              "frame com.acme.shop.Pricing.retriesOf: argument settings: no constructor to rebuild"
                  + " com.acme.shop.Settings");
    }

    @Test
    void stringTooLongForAJavaConstant() {
      assertThat(reasons(pricing("lengthOf", vars("text", "x".repeat(20_000)))))
          .containsExactly(
              "frame com.acme.shop.Pricing.lengthOf: argument text: holds a string too long to"
                  + " inline (20000 chars)");
    }

    @Test
    void snapshotTooLargeForOneTestMethod() {
      Map<String, Object> stock = vars();
      for (int i = 0; i < 1_500; i++) {
        stock.put("sku" + i, i);
      }
      assertThat(reasons(pricing("count", vars("stock", stock, "sku", "sku1"))))
          .containsExactly(
              "frame com.acme.shop.Pricing.count: argument stock: the snapshot is too large for"
                  + " one test method");
    }

    @Test
    void deepRecursionIsTriedFiftyFramesDeep() {
      CapturedFrame[] frames = new CapturedFrame[60];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = frame("com.acme.shop.Cart", "lambda$total$0", vars());
      }

      List<String> reasons = reasons(error(NPE, frames));

      assertThat(reasons).hasSize(51).endsWith("10 outer frames not tried");
    }

    @Test
    void eventsWithoutUsableExceptionsOrFrames() {
      ProductionError none =
          new ProductionError("e", List.of(), Optional.empty(), Optional.empty());
      ProductionError library = error(NPE, Events.library("java.lang.String", "length"));

      assertThat(reasons(none)).containsExactly("the event has no exception");
      assertThat(reasons(library)).containsExactly("the root cause has no in-app frame");
    }
  }

  @Nested
  class BuildAndNaming {

    @Test
    void junit4ProjectGetsPublicJUnit4Test() {
      project.write(
          "pom.xml",
          "<project><dependencies><dependency><groupId>junit</groupId>"
              + "<artifactId>junit</artifactId></dependency></dependencies></project>");

      ReproductionTest test = reproduce(pricing("lengthOf", vars("text", null)));

      assertThat(test.source())
          .contains(
              "import org.junit.Test;\n",
              "public class KintsugiReproINC42Test {",
              "  @Test\n  public void reproducesLengthOf() throws Exception {");
    }

    @Test
    void jacksonRebuildsObjectsNothingElseCanWhenTheProjectHasIt() {
      project.write(
          "pom.xml",
          "<project><dependencies><dependency><groupId>com.fasterxml.jackson.core</groupId>"
              + "<artifactId>jackson-databind</artifactId></dependency></dependencies></project>");
      Map<String, Object> settings = object("com.acme.shop.Settings", "retries", 0);

      ReproductionTest test = reproduce(pricing("retriesOf", vars("settings", settings)));

      assertThat(test.source())
          .contains(
              "import com.fasterxml.jackson.databind.ObjectMapper;\n",
              "    Settings settings = new ObjectMapper().readValue(\"{\\\"retries\\\":0}\","
                  + " Settings.class);\n");
      assertThat(test.notes()).anyMatch(n -> n.contains("com.acme.shop.Settings with Jackson"));
    }

    @Test
    void existingTestIsNotOverwritten() {
      project.write("src/test/java/com/acme/shop/KintsugiReproINC42Test.java", "// mine");

      ReproductionTest test = reproduce(pricing("lengthOf", vars("text", null)));

      assertThat(test.testClass()).isEqualTo("com.acme.shop.KintsugiReproINC42V2Test");
      assertThat(test.source()).contains("class KintsugiReproINC42V2Test {");
    }

    @Test
    void idHintIsReducedToTwelveAlphanumerics() {
      ReproductionResult result =
          project
              .generator()
              .generate(
                  pricing("lengthOf", vars("text", null)),
                  List.of(),
                  "../x\u00e9*/y-123456789012345");

      assertThat(((ReproductionTest) result).testClass())
          .isEqualTo("com.acme.shop.KintsugiReproxy1234567890Test");
    }

    @Test
    void wrappingFrameExpectsTheWrapper() {
      CapturedFrame outer = frame(PRICING, "callsHidden", vars("divisor", 0));
      CapturedFrame inner = frame(PRICING, "hidden", vars("divisor", 0));
      ProductionError error =
          Events.chain(
              new CapturedException("java.lang.ArithmeticException", "", List.of(outer, inner)),
              new CapturedException("com.acme.shop.PricingException", "", List.of(outer)));

      ReproductionTest test = reproduce(error);

      assertThat(test.expectedExceptionType()).isEqualTo("com.acme.shop.PricingException");
      assertThat(test.expectedThrowSite()).isEqualTo("com.acme.shop.Pricing.hidden");
    }
  }
}
