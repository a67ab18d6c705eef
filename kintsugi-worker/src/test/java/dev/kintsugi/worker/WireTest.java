package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void escapedFieldsSurviveOneLine() {
    String text = "a\tb\nc\\d\r\\n";
    String line = Wire.line("RESULT", text, "");

    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(Wire.fields(line)).containsExactly("RESULT", text, "");
  }

  @Test
  void plainTextIsUnchanged() {
    assertThat(Wire.escape("com.acme.FooTest#bar")).isEqualTo("com.acme.FooTest#bar");
    assertThat(Wire.fields("END")).containsExactly("END");
  }
}
