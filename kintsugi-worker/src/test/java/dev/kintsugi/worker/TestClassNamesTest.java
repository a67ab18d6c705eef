package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
}
