package dev.kintsugi.java.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTypesTest {

  @TempDir Path root;

  @Test
  void findsATypeOfTheSamePackage() throws IOException {
    write(
        "src/main/java/shop/Order.java", "package shop; class Order { int total() { return 0; } }");
    write("src/main/java/other/Order.java", "package other; class Order { }");

    CompilationUnit from = JavaSourceParser.parse("package shop; class Tax { }").orElseThrow();

    assertThat(new WorkspaceTypes(root).find(from, "Order"))
        .hasValueSatisfying(type -> assertThat(type.getMethodsByName("total")).hasSize(1));
  }

  @Test
  void followsImports() throws IOException {
    write("src/main/java/shop/Order.java", "package shop; public class Order { }");
    write("src/main/java/other/Order.java", "package other; public class Order { void x() { } }");

    CompilationUnit from =
        JavaSourceParser.parse("package shop; import other.Order; class Tax { }").orElseThrow();

    assertThat(new WorkspaceTypes(root).find(from, "java.util.List<Order>")).isEmpty();
    assertThat(new WorkspaceTypes(root).find(from, "Order"))
        .hasValueSatisfying(type -> assertThat(type.getMethodsByName("x")).hasSize(1));
  }

  @Test
  void ignoresBuildOutput() throws IOException {
    write("target/generated/shop/Order.java", "package shop; class Order { }");

    CompilationUnit from = JavaSourceParser.parse("package shop; class Tax { }").orElseThrow();

    assertThat(new WorkspaceTypes(root).find(from, "Order")).isEmpty();
  }

  private void write(String file, String content) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }
}
