package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import java.util.List;

/**
 * Before/after assertions for templates, in the style of OpenRewrite recipe tests: the source is
 * compared text-exact, so anything an edit should not touch must come out byte-identical.
 */
final class TemplateAssertions {

  private TemplateAssertions() {}

  /** Among the template's edits on {@code line}, one turns {@code before} into {@code after}. */
  static void assertProduces(Template template, String before, int line, String after) {
    assertThat(results(template, before, line))
        .as("%s on line %d", template.name(), line)
        .contains(after);
  }

  /** The template has nothing to offer on {@code line}. */
  static void assertNoEdits(Template template, String source, int line) {
    assertThat(results(template, source, line))
        .as("%s on line %d", template.name(), line)
        .isEmpty();
  }

  /** The template's proposals on {@code line} of a source that must parse. */
  static List<Proposal> proposals(Template template, String source, int line) {
    CompilationUnit cu =
        JavaSourceParser.parse(source)
            .orElseThrow(() -> new AssertionError("test source does not parse:\n" + source));
    return template.edits(cu, source, line);
  }

  /** The sources the template's proposals on {@code line} produce. */
  static List<String> results(Template template, String source, int line) {
    return proposals(template, source, line).stream().map(p -> p.applyTo(source)).toList();
  }
}
