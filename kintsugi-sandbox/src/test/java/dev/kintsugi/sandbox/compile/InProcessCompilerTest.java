package dev.kintsugi.sandbox.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.sandbox.SampleProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessCompilerTest {

  private static final String DOUBLER_PATH = "src/main/java/com/acme/Doubler.java";

  @TempDir Path root;
  private final InProcessCompiler compiler = new InProcessCompiler(17);
  private Path classes;

  @BeforeEach
  void compileTheProject() throws Exception {
    SampleProjects.junit5(root);
    classes = root.resolve("target/classes");
    CompileResult base =
        compiler.compile(
            root,
            Map.of(
                SampleProjects.CALC_PATH,
                SampleProjects.CALC,
                DOUBLER_PATH,
                Files.readString(root.resolve(DOUBLER_PATH))),
            List.of(),
            classes);
    assertThat(base.success()).as(base.diagnostics()).isTrue();
  }

  private static final String BOX_PATH = "src/main/java/com/acme/Box.java";

  /** Compiles only when Lombok writes {@code getSize()}. */
  private static final String BOX =
      """
      package com.acme;

      @lombok.Getter
      public class Box {
        private final int size = 3;

        public int twice() {
          return getSize() * 2;
        }
      }
      """;

  @Test
  void runsLombokWhenGivenItsJarAndNoProcessorOtherwise() throws Exception {
    Path lombok =
        Path.of(lombok.Lombok.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(LombokJar.in(List.of(classes, lombok))).contains(lombok);

    CompileResult with =
        new InProcessCompiler(17, false, Optional.of(lombok))
            .compile(root, Map.of(BOX_PATH, BOX), List.of(lombok), root.resolve("with"));
    CompileResult without =
        compiler.compile(root, Map.of(BOX_PATH, BOX), List.of(lombok), root.resolve("without"));

    assertThat(with.success()).as(with.diagnostics()).isTrue();
    assertThat(without.success()).isFalse();
    assertThat(without.diagnostics()).contains("getSize");
  }

  @Test
  void keepsParameterNamesWhenAskedAndTellsWhichBuildDid() {
    Map<String, String> calc = Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC);
    Path named = root.resolve("named");
    Path plain = root.resolve("plain");

    assertThat(
            new InProcessCompiler(17, true).compile(root, calc, List.of(classes), named).success())
        .isTrue();
    assertThat(compiler.compile(root, calc, List.of(classes), plain).success()).isTrue();

    assertThat(ParameterNames.kept(List.of(named))).isTrue();
    assertThat(ParameterNames.kept(List.of(plain))).isFalse();
  }

  @Test
  void compilesAChangedClassThatUsesOtherProjectClasses() {
    Path out = root.resolve("candidate");

    CompileResult result =
        compiler.compile(
            root,
            Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC.replace("a - b", "a + b")),
            List.of(classes),
            out);

    assertThat(result.success()).isTrue();
    assertThat(result.diagnostics()).isEmpty();
    assertThat(out.resolve("com/acme/Calc.class")).isRegularFile();
    assertThat(out.resolve("com/acme/Doubler.class")).doesNotExist();
  }

  @Test
  void reportsASyntaxErrorWithFileAndLine() {
    CompileResult result =
        compiler.compile(
            root,
            Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC.replace("a - b", "a - ")),
            List.of(classes),
            root.resolve("candidate"));

    assertThat(result.success()).isFalse();
    assertThat(result.diagnostics())
        .startsWith("src/main/java/com/acme/Calc.java:5: illegal start of expression");
  }

  @Test
  void reportsATypeErrorWithFileAndLine() {
    CompileResult result =
        compiler.compile(
            root,
            Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC.replace("Doubler.of(x)", "\"x\"")),
            List.of(classes),
            root.resolve("candidate"));

    assertThat(result.success()).isFalse();
    assertThat(result.diagnostics())
        .contains("src/main/java/com/acme/Calc.java:16: incompatible types");
  }

  @Test
  void reportsAMissingClassOnTheClasspath() {
    CompileResult result =
        compiler.compile(
            root,
            Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC),
            List.of(),
            root.resolve("candidate"));

    assertThat(result.success()).isFalse();
    assertThat(result.diagnostics()).contains("Calc.java:16: cannot find symbol");
  }

  @Test
  void rejectsPathsOutsideTheProjectOrNotJava() {
    for (String bad : List.of("../Evil.java", "/tmp/Evil.java", "src/main/java/Notes.txt")) {
      assertThatThrownBy(
              () -> compiler.compile(root, Map.of(bad, "class X {}"), List.of(), root.resolve("o")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}
