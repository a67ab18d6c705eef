package dev.kintsugi.java.repair;

import static dev.kintsugi.java.repair.TemplateAssertions.assertNoEdits;
import static dev.kintsugi.java.repair.TemplateAssertions.results;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TryWithResourcesTemplateTest {

  private final Template template = new TryWithResourcesTemplate();

  @Test
  void wrapsTheRestOfTheBlockAndDropsTheUnguardedClose() {
    String source =
        """
        import java.io.*;
        class A {
          String first(File f) throws IOException {
            BufferedReader reader = new BufferedReader(new FileReader(f));
            String line = reader.readLine();
            reader.close();
            return line; // done
          }
        }
        """;

    assertThat(results(template, source, 4))
        .containsExactly(
            """
            import java.io.*;
            class A {
              String first(File f) throws IOException {
                try (BufferedReader reader = new BufferedReader(new FileReader(f))) {
                  String line = reader.readLine();
                  return line; // done
                }
              }
            }
            """);
  }

  @Test
  void closesAResourceThatWasNeverClosed() {
    String source =
        "import java.io.*;\r\n"
            + "class A {\r\n"
            + "\tvoid write(File f, String s) throws IOException {\r\n"
            + "\t\tWriter out = new FileWriter(f);\r\n"
            + "\t\tout.write(s);\r\n"
            + "\t}\r\n"
            + "}\r\n";

    assertThat(results(template, source, 4))
        .containsExactly(
            "import java.io.*;\r\n"
                + "class A {\r\n"
                + "\tvoid write(File f, String s) throws IOException {\r\n"
                + "\t\ttry (Writer out = new FileWriter(f)) {\r\n"
                + "\t\t\tout.write(s);\r\n"
                + "\t\t}\r\n"
                + "\t}\r\n"
                + "}\r\n");
  }

  @Test
  void leavesResourcesThatEscapeOrAreNotResourcesAlone() {
    assertNoEdits(
        template,
        """
        import java.io.*;
        class A {
          Reader open(File f) throws IOException {
            Reader r = new FileReader(f);
            r.mark(1);
            return r;
          }
        }
        """,
        4);
    assertNoEdits(
        template,
        """
        import java.util.*;
        class A {
          int f() {
            List<String> l = new ArrayList<>();
            return l.size();
          }
        }
        """,
        4);
  }
}
