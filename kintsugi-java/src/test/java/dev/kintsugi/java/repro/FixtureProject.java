package dev.kintsugi.java.repro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** The {@code repro/shop} fixture copied into a temp dir, with real javac and a real run. */
final class FixtureProject {

  static final String PACKAGE_DIR = "src/main/java/com/acme/shop/";

  final Path root;

  private FixtureProject(Path root) {
    this.root = root;
  }

  /** An empty project at {@code root}: write sources under {@code src/}. */
  static FixtureProject empty(Path root) {
    return new FixtureProject(root);
  }

  static FixtureProject copy(Path into) {
    try {
      Path fixture = Path.of(FixtureProject.class.getResource("/repro/shop").toURI());
      try (Stream<Path> files = Files.walk(fixture)) {
        for (Path source : files.toList()) {
          Path target = into.resolve(fixture.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      return new FixtureProject(into);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  ReproductionGenerator generator() {
    return new ReproductionGenerator(
        root, List.of(Path.of("src/main/java")), Path.of("src/test/java"));
  }

  void write(String relativePath, String text) {
    try {
      Path file = root.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String relativePath) {
    try {
      return Files.readString(root.resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void replace(String relativePath, String from, String to) {
    String text = read(relativePath);
    assertThat(text).contains(from);
    write(relativePath, text.replace(from, to));
  }

  /** Writes the generated test into the project. */
  void add(ReproductionTest test) {
    write(test.path(), test.source());
  }

  /**
   * Compiles every {@code .java} file under {@code src} with javac against this JVM's class path
   * (which has JUnit) into a fresh directory; fails the test with javac's messages on an error.
   */
  Path compile() {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null);
        Stream<Path> walk = Files.walk(root.resolve("src"))) {
      Path out = Files.createTempDirectory(root, "classes");
      List<Path> sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
      List<String> options =
          List.of(
              "-d",
              out.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-proc:none",
              "-Xlint:all",
              "-encoding",
              "UTF-8");
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      List<String> messages = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        messages.add(
            d.getKind()
                + " "
                + d.getSource()
                + ":"
                + d.getLineNumber()
                + " "
                + d.getMessage(Locale.ROOT));
      }
      assertThat(ok).as("javac: %s", messages).isTrue();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one test method like a test engine would; returns what it threw, or null. */
  static Throwable run(Path classes, String testClass, String testMethod) {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, FixtureProject.class.getClassLoader())) {
      Class<?> type = loader.loadClass(testClass);
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object instance = constructor.newInstance();
      Method method = type.getDeclaredMethod(testMethod);
      method.setAccessible(true);
      method.invoke(instance);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IOException | ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static String trace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
