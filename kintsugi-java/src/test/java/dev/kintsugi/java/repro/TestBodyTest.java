package dev.kintsugi.java.repro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestBodyTest {

  @Test
  void localNamesNeverObscureTypesOrPackages() {
    TestBody body = new TestBody();

    assertThat(body.fresh("Arrays")).isEqualTo("arrays");
    assertThat(body.fresh("com")).isEqualTo("com2");
    assertThat(body.fresh("java")).isEqualTo("java2");
    assertThat(body.fresh("arrays")).isEqualTo("arrays2");
    assertThat(body.fresh("not an identifier")).isEqualTo("captured");
  }

  @Test
  void refusesToGrowPastWhatJavacCompiles() {
    TestBody body = new TestBody();

    assertThatThrownBy(() -> body.add("x".repeat(100_001)))
        .isInstanceOf(Unrebuildable.class)
        .hasMessage("the snapshot is too large for one test method");
  }
}
