package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestClassNamesTest {

  @Test
  void followsSurefireDefaultIncludes() {
    assertThat(TestClassNames.isTestClass("com.acme.FooTest")).isTrue();
    assertThat(TestClassNames.isTestClass("com.acme.TestFoo")).isTrue();
    assertThat(TestClassNames.isTestClass("com.acme.FooTests")).isTrue();
    assertThat(TestClassNames.isTestClass("com.acme.FooTestCase")).isTrue();
    assertThat(TestClassNames.isTestClass("FooTest")).isTrue();
  }

  @Test
  void excludesHelpersAndNestedClasses() {
    assertThat(TestClassNames.isTestClass("com.acme.Foo")).isFalse();
    assertThat(TestClassNames.isTestClass("com.acme.FooTest$Inner")).isFalse();
    assertThat(TestClassNames.isTestClass("com.acme.Testing.Foo")).isFalse();
  }

  @Test
  void aListedClassRunsWholeUnlessItsMethodsAreListed() throws Exception {
    TestClassNames names =
        TestClassNames.listed(
            Path.of("unused"),
            List.of("a.BTest#one", "a.BTest#two", "a.CTest", "a.DTest#x", "a.DTest"));

    assertThat(names.names()).containsExactly("a.BTest", "a.CTest", "a.DTest");
    assertThat(names.selects("a.BTest", "one")).isTrue();
    assertThat(names.selects("a.BTest", "three")).isFalse();
    assertThat(names.selects("a.CTest", "anything")).isTrue();
    assertThat(names.selects("a.DTest", "y")).as("listed bare: whole").isTrue();
    assertThat(names.methodsOf("a.BTest")).contains(Set.of("one", "two"));
    assertThat(names.methodsOf("a.CTest")).isEmpty();
  }
}
