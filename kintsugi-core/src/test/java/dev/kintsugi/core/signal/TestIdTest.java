package dev.kintsugi.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestIdTest {

  @Test
  void surefireDecorationsAreStrippedFromTheMethodName() {
    assertThat(new TestId("a.B", "add(int)[1]").baseMethodName()).isEqualTo("add");
    assertThat(new TestId("a.B", "total").baseMethodName()).isEqualTo("total");
    assertThat(new TestId("a.B", "[1] x").baseMethodName()).isEmpty();
  }
}
