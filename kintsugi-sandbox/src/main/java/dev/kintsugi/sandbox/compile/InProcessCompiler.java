package dev.kintsugi.sandbox.compile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles changed Java sources in this JVM with {@code javax.tools}, against the project's already
 * compiled classes and dependencies; much faster than a build. Sources come from memory, class
 * files go to a directory that is then put in front of the original classes.
 *
 * <p>File managers, which open and index the class path's jars, are kept per class path and reused
 * by later compilations; {@link #close()} releases them. Safe to use from several threads (each
 * compilation takes a file manager of its own). Stability: public API of the sandbox.
 */
public final class InProcessCompiler implements AutoCloseable {

  /** Idle file managers kept per class path; more than this are closed after use. */
  private static final int MAX_IDLE_PER_CLASSPATH = 4;

  private final int release;
  private final JavaCompiler compiler;
  private final List<String> options;
  private final Map<List<Path>, Deque<StandardJavaFileManager>> idle = new HashMap<>();
  private boolean closed;

  /**
   * @param release the Java release to compile for ({@code --release}), as the project's build
   * @throws IllegalStateException when this JVM has no Java compiler (a JRE, not a JDK)
   */
  public InProcessCompiler(int release) {
    this(release, false);
  }

  /**
   * @param release the Java release to compile for ({@code --release}), as the project's build
   * @param parameters whether to keep parameter names ({@code -parameters}), as the project's build
   * @throws IllegalStateException when this JVM has no Java compiler (a JRE, not a JDK)
   */
  public InProcessCompiler(int release, boolean parameters) {
    this(release, parameters, java.util.Optional.empty());
  }

  /**
   * @param release the Java release to compile for ({@code --release}), as the project's build
   * @param parameters whether to keep parameter names ({@code -parameters}), as the project's build
   * @param lombok the Lombok jar of the project's class path, run as the only annotation processor
   *     when present (see {@link LombokJar}); without it annotation processing is off
   * @throws IllegalStateException when this JVM has no Java compiler (a JRE, not a JDK)
   */
  public InProcessCompiler(int release, boolean parameters, java.util.Optional<Path> lombok) {
    this.release = release;
    this.compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException(
          "no Java compiler in this runtime ("
              + System.getProperty("java.home")
              + "): Kintsugi needs a JDK");
    }
    List<String> common =
        List.of("-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-g", "-implicit:none");
    List<String> all = new ArrayList<>();
    // For the running JDK's own release, --release only adds the cost of reading the platform's
    // symbol file: the JDK's modules are exactly that release's API.
    if (release != Runtime.version().feature()) {
      all.add("--release");
      all.add(Integer.toString(release));
    }
    all.addAll(common);
    if (lombok.isPresent()) {
      all.add("-processorpath");
      all.add(lombok.get().toString());
    } else {
      all.add("-proc:none");
    }
    if (parameters) {
      all.add("-parameters");
    }
    this.options = List.copyOf(all);
  }

  /**
   * Compiles {@code sources} into {@code outputDir}.
   *
   * @param projectRoot the directory the source paths are relative to
   * @param sources file content by path relative to {@code projectRoot}, e.g. {@code
   *     src/main/java/com/acme/Foo.java}
   * @param classpath the compiled classes and jars the sources may use
   * @param outputDir receives the class files; created if missing
   * @throws IllegalArgumentException when a path is absolute, leaves the project or is not a {@code
   *     .java} file
   */
  public CompileResult compile(
      Path projectRoot, Map<String, String> sources, List<Path> classpath, Path outputDir) {
    Path root = projectRoot.toAbsolutePath().normalize();
    List<MemorySource> units = new ArrayList<>();
    sources.forEach((path, content) -> units.add(source(root, path, content)));
    if (units.isEmpty()) {
      return new CompileResult(true, "");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<Path> path = List.copyOf(classpath);
    StandardJavaFileManager files = take(path);
    boolean reusable = false;
    try {
      Files.createDirectories(outputDir);
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(outputDir));
      boolean success = compiler.getTask(null, files, diagnostics, options, null, units).call();
      reusable = true;
      return new CompileResult(success, format(diagnostics.getDiagnostics()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compile into " + outputDir, e);
    } finally {
      give(path, files, reusable);
    }
  }

  /** Releases the file managers kept for reuse. Compiling afterwards still works, uncached. */
  @Override
  public void close() {
    List<StandardJavaFileManager> all = new ArrayList<>();
    synchronized (idle) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(InProcessCompiler::closeQuietly);
  }

  private StandardJavaFileManager take(List<Path> classpath) {
    synchronized (idle) {
      Deque<StandardJavaFileManager> free = idle.get(classpath);
      if (free != null && !free.isEmpty()) {
        return free.pollFirst();
      }
    }
    StandardJavaFileManager files =
        compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    try {
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
      // Only the given sources are compiled; everything else comes from the compiled classes.
      files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
    } catch (IOException e) {
      closeQuietly(files);
      throw new UncheckedIOException("cannot use class path " + classpath, e);
    }
    return files;
  }

  private void give(List<Path> classpath, StandardJavaFileManager files, boolean reusable) {
    if (reusable) {
      synchronized (idle) {
        Deque<StandardJavaFileManager> free =
            idle.computeIfAbsent(classpath, key -> new ArrayDeque<>());
        if (!closed && free.size() < MAX_IDLE_PER_CLASSPATH) {
          free.addFirst(files);
          return;
        }
      }
    }
    closeQuietly(files);
  }

  private static void closeQuietly(StandardJavaFileManager files) {
    try {
      files.close();
    } catch (IOException e) {
      // Nothing to do: it held only read-only jars.
    }
  }

  private static MemorySource source(Path root, String relativePath, String content) {
    Path file = root.resolve(relativePath).normalize();
    if (Path.of(relativePath).isAbsolute() || !file.startsWith(root)) {
      throw new IllegalArgumentException(
          "source path must be relative to the project root and stay inside it: " + relativePath);
    }
    if (!relativePath.endsWith(".java")) {
      throw new IllegalArgumentException("not a Java source file: " + relativePath);
    }
    if (content == null) {
      throw new IllegalArgumentException("no content for " + relativePath);
    }
    return new MemorySource(
        file.toUri(), root.relativize(file).toString().replace(File.separatorChar, '/'), content);
  }

  private static String format(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      if (diagnostic.getSource() instanceof MemorySource source) {
        out.append(source.relativePath())
            .append(':')
            .append(diagnostic.getLineNumber())
            .append(": ");
      }
      out.append(diagnostic.getMessage(Locale.ROOT)).append('\n');
    }
    return out.toString();
  }
}
