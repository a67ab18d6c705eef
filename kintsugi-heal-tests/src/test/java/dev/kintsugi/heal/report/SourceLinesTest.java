package dev.kintsugi.heal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.RankedLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLinesTest {

  @Test
  void eachLocationGetsItsLineTrimmedAndCutAndWhatCannotBeReadIsLeftOut(@TempDir Path tmp)
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("tree"));
    Files.createDirectories(root.resolve("src"));
    String longLine = "    int x = " + "1 + ".repeat(200) + "1;";
    Files.writeString(
        root.resolve("src/Cart.java"), "class Cart {\n    int total() {  \n" + longLine + "\n}\n");
    Files.writeString(tmp.resolve("Secret.java"), "secret\n");

    Map<String, String> code =
        SourceLines.of(
            root,
            List.of(
                new RankedLocation("src/Cart.java", 2, 0.9, ""),
                new RankedLocation("src/Cart.java", 3, 0.8, ""),
                new RankedLocation("src/Cart.java", 99, 0.5, ""),
                new RankedLocation("src/Gone.java", 1, 0.5, ""),
                new RankedLocation("../Secret.java", 1, 0.5, "")));

    assertThat(code).containsEntry(SourceLines.key("src/Cart.java", 2), "int total() {");
    String cut = code.get(SourceLines.key("src/Cart.java", 3));
    assertThat(cut)
        .hasSize(HealReport.Location.MAX_CODE_CHARS)
        .startsWith("int x = 1 + ")
        .endsWith("…");
    assertThat(code).hasSize(2).doesNotContainKey(SourceLines.key("../Secret.java", 1));
  }
}
