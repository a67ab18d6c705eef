package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnit4AdapterTest {

  private static final String CASES = SampleJUnit4Cases.class.getName();

  private final JUnit4Adapter adapter =
      new JUnit4Adapter(Path.of("unused"), JUnit4AdapterTest.class.getClassLoader());

  @Test
  void reportsPassFailureErrorAndSkip() throws Exception {
    assertThat(adapter.run(CASES, "passes").status()).isEqualTo("PASSED");

    Outcome failed = adapter.run(CASES, "fails");
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.exceptionType()).isEqualTo("java.lang.AssertionError");
    assertThat(failed.message()).contains("sum");

    assertThat(adapter.run(CASES, "throwsIllegalState").status()).isEqualTo("ERROR");
    assertThat(adapter.run(CASES, "ignored").status()).isEqualTo("SKIPPED");
    assertThat(adapter.run(CASES, "assumesOtherwise").status()).isEqualTo("SKIPPED");
  }

  @Test
  void runsEveryInvocationOfAParameterizedMethod() throws Exception {
    assertThat(adapter.run(CASES + "$Params", "positiveUnlessTwo").status()).isEqualTo("FAILED");
  }

  @Test
  void runsOnlyTheMethodsTheBuildRan() throws Exception {
    JUnit4Adapter built =
        new JUnit4Adapter(
            TestClassNames.listed(
                Path.of("unused"), List.of(CASES + "#passes", CASES + "#ignored")),
            JUnit4AdapterTest.class.getClassLoader());

    assertThat(built.discover()).containsExactly(CASES + "#ignored", CASES + "#passes");
    assertThat(built.run(CASES, "").status()).isEqualTo("PASSED");
    assertThat(
            new JUnit4Adapter(
                    TestClassNames.listed(
                        Path.of("unused"), List.of(CASES + "$Params#positiveUnlessTwo")),
                    JUnit4AdapterTest.class.getClassLoader())
                .run(CASES + "$Params", "")
                .status())
        .isEqualTo("FAILED");
  }

  @Test
  void runsAWholeClassForAnEmptyMethodName() throws Exception {
    assertThat(adapter.run(CASES, "").status()).isIn("FAILED", "ERROR");
  }

  @Test
  void unknownMethodIsAnError() throws Exception {
    assertThat(adapter.run(CASES, "noSuchTest").status()).isEqualTo("ERROR");
  }

  @Test
  void discoversPublicConcreteTestClasses(@TempDir Path dir) throws Exception {
    write(
        dir,
        "FooTest",
        "public class FooTest { @Test public void b() {} @Test public void a() {} }");
    write(dir, "AbstractTest", "public abstract class AbstractTest { @Test public void x() {} }");
    write(dir, "HiddenTest", "class HiddenTest { @Test public void x() {} }");
    write(dir, "Helper", "public class Helper { @Test public void x() {} }");
    compile(dir);

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThat(new JUnit4Adapter(dir, loader).discover())
          .containsExactly("com.acme.FooTest#a", "com.acme.FooTest#b");
    }
  }

  @Test
  void discoversExactlyTheClassesTheBuildRan(@TempDir Path dir) throws Exception {
    write(dir, "Walker_TEST", "public class Walker_TEST { @Test public void walks() {} }");
    write(dir, "FooTest", "public class FooTest { @Test public void a() {} }");
    compile(dir);

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      TestClassNames built = TestClassNames.listed(dir, List.of("com.acme.Walker_TEST"));
      assertThat(new JUnit4Adapter(built, loader).discover())
          .containsExactly("com.acme.Walker_TEST#walks");
    }
  }

  @Test
  void discoversAndRunsJUnit3TestCases(@TempDir Path dir) throws Exception {
    write(
        dir,
        "LegacyTest",
        "public class LegacyTest extends junit.framework.TestCase {"
            + " public void testAdds() { assertEquals(2, 1 + 1); }"
            + " public void testBreaks() { assertEquals(3, 1 + 1); }"
            + " public void helper() {} public int testValue() { return 1; } }");
    compile(dir);

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      JUnit4Adapter junit3 = new JUnit4Adapter(dir, loader);
      assertThat(junit3.discover())
          .containsExactly("com.acme.LegacyTest#testAdds", "com.acme.LegacyTest#testBreaks");
      assertThat(junit3.run("com.acme.LegacyTest", "testAdds").status()).isEqualTo("PASSED");
      assertThat(junit3.run("com.acme.LegacyTest", "testBreaks").status()).isEqualTo("FAILED");
    }
  }

  private static void write(Path dir, String name, String body) throws Exception {
    Path file = dir.resolve("com/acme/" + name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "package com.acme;\nimport org.junit.Test;\n" + body + "\n");
  }

  private static void compile(Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path")));
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    assertThat(
            ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
        .isZero();
  }
}
