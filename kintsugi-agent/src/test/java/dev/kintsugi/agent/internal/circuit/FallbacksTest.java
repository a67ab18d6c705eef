package dev.kintsugi.agent.internal.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbacksTest {
  @Test
  void numbersAndBooleansBecomeTheReturnTypesBox() {
    assertThat(Fallbacks.value("0", "int")).isEqualTo(0);
    assertThat(Fallbacks.value(" -3 ", "java.lang.Integer")).isEqualTo(-3);
    assertThat(Fallbacks.value("7", "long")).isEqualTo(7L);
    assertThat(Fallbacks.value("1.5", "double")).isEqualTo(1.5);
    assertThat(Fallbacks.value("0", "double")).isEqualTo(0.0);
    assertThat(Fallbacks.value("2", "float")).isEqualTo(2.0f);
    assertThat(Fallbacks.value("1", "short")).isEqualTo((short) 1);
    assertThat(Fallbacks.value("1", "byte")).isEqualTo((byte) 1);
    assertThat(Fallbacks.value("x", "char")).isEqualTo('x');
    assertThat(Fallbacks.value("false", "boolean")).isEqualTo(false);
    assertThat(Fallbacks.value("null", "java.lang.Long")).isNull();
  }

  @Test
  void textCollectionsAndOptionals() {
    assertThat(Fallbacks.value("n/a", "java.lang.String")).isEqualTo("n/a");
    assertThat(Fallbacks.value("\"null\"", "java.lang.String")).isEqualTo("null");
    assertThat(Fallbacks.value("null", "java.lang.String")).isNull();
    assertThat(Fallbacks.value("[]", "java.util.List")).isEqualTo(Collections.emptyList());
    assertThat(Fallbacks.value("[]", "java.util.Set")).isEqualTo(Collections.emptySet());
    assertThat(Fallbacks.value("{}", "java.util.Map")).isEqualTo(Collections.emptyMap());
    assertThat(Fallbacks.value("null", "java.util.Optional")).isEqualTo(Optional.empty());
    assertThat(Fallbacks.value("\"x\"", "java.util.Optional")).isEqualTo(Optional.of("x"));
    assertThat(Fallbacks.value("null", "com.acme.Quote")).isNull();
    assertThat(Fallbacks.value("anything", "void")).isNull();
  }

  @Test
  void aLiteralThatDoesNotFitIsRefused() {
    String[][] misfits = {
      {"null", "int"},
      {"1.5", "int"},
      {"abc", "double"},
      {"NaN", "double"},
      {"0x1p3", "double"},
      {"300", "byte"},
      {"yes", "boolean"},
      {"ab", "char"},
      {"[1]", "java.util.List"},
      {"{}", "com.acme.Quote"},
      {"[]", "[I"}
    };
    for (String[] m : misfits) {
      assertThatThrownBy(() -> Fallbacks.value(m[0], m[1]))
          .as(m[0] + " as " + m[1])
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
