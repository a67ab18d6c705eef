package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddRemoveTemplateTest {

  private final Template template = new AddRemoveTemplate();

  @Test
  void removesWhatWasWronglyAdded() {
    String source =
        """
        import java.util.*;
        class A {
          private final Set<String> active = new HashSet<>();
          void deactivate(String id) {
            active.add(id); // keep
          }
        }
        """;

    assertThat(results(template, source, 5))
        .containsExactly(source.replace("active.add(id)", "active.remove(id)"));
  }

  @Test
  void swapsBulkOperations() {
    String source =
        """
        import java.util.*;
        class A {
          void f(List<String> all, List<String> gone) {
            all.removeAll(gone);
          }
        }
        """;

    assertThat(results(template, source, 4)).containsExactly(source.replace("removeAll", "addAll"));
  }

  @Test
  void leavesKnownNonCollectionsAndIndexedAddsAlone() {
    assertNoEdits(
        template,
        """
        import java.math.BigDecimal;
        import java.util.List;
        class A {
          BigDecimal f(BigDecimal a, BigDecimal b, List<String> l) {
            l.add(0, "x");
            return a.add(b);
          }
        }
        """,
        5);
    assertNoEdits(
        template,
        """
        import java.math.BigDecimal;
        class A {
          BigDecimal f(BigDecimal a, BigDecimal b) {
            return a.add(b);
          }
        }
        """,
        4);
  }
}
