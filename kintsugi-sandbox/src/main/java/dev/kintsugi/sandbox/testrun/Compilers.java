package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.compile.CompileResult;
import dev.kintsugi.sandbox.compile.InProcessCompiler;
import dev.kintsugi.sandbox.compile.LombokJar;
import dev.kintsugi.sandbox.compile.ParameterNames;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The in-process compilers candidates are compiled with, one per Java release, parameter-names
 * setting and Lombok jar, shared by all candidates; a compiler can be kept busy in the background
 * until the first candidate arrives, so that it is fast by then.
 */
final class Compilers implements AutoCloseable {

  private static final Duration JAVAC_WARM_UP = Duration.ofSeconds(5);
  private static final int JAVAC_WARM_UP_COMPILES = 60;

  private final Map<List<Object>, InProcessCompiler> compilers = new HashMap<>();
  private final Map<ProjectLayout, Boolean> keepsParameterNames = new HashMap<>();
  private boolean closed;

  /** Compiles changed sources of the project into {@code classes}. */
  CompileResult compile(ProjectLayout layout, Map<String, String> sources, Path classes) {
    return compiler(layout).compile(layout.root(), sources, classpath(layout, sources), classes);
  }

  /**
   * Compiles one main source of the project again and again in a background thread, into {@code
   * classes} (deleted after), until {@code stop} says so or a few seconds passed; returns at once.
   */
  void warmUp(ProjectLayout layout, Path classes, BooleanSupplier stop) {
    InProcessCompiler javac = compiler(layout);
    Thread thread =
        new Thread(
            () -> {
              try {
                Optional<Map<String, String>> source = firstMainSource(layout);
                long deadline = System.nanoTime() + JAVAC_WARM_UP.toNanos();
                // The compiler gets fast only once the JIT has compiled it: keep it busy until the
                // first candidate arrives (the coverage run and repair usually take this long).
                for (int n = 0;
                    source.isPresent()
                        && n < JAVAC_WARM_UP_COMPILES
                        && !stop.getAsBoolean()
                        && System.nanoTime() < deadline;
                    n++) {
                  javac.compile(
                      layout.root(),
                      source.get(),
                      classpath(layout, source.get()),
                      classes.resolve(Integer.toString(n)));
                }
              } catch (RuntimeException e) {
                // Only a head start is lost.
              } finally {
                Scratch.delete(classes);
              }
            },
            "kintsugi-javac-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /** The compiler for the project's release, keeping parameter names when its build does. */
  private synchronized InProcessCompiler compiler(ProjectLayout layout) {
    if (closed) {
      throw new IllegalStateException("the test executor is closed");
    }
    int release = layout.javaRelease();
    boolean parameters =
        keepsParameterNames.computeIfAbsent(
            layout, key -> ParameterNames.kept(key.allMainClasses()));
    Optional<Path> lombok = LombokJar.in(layout.classpath());
    return compilers.computeIfAbsent(
        List.of(release, parameters, lombok),
        key -> new InProcessCompiler(release, parameters, lombok));
  }

  /** One main source file with its content, to compile for nothing but a warm compiler. */
  private static Optional<Map<String, String>> firstMainSource(ProjectLayout layout) {
    for (Path root : layout.mainSourceRoots()) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        Optional<Path> file =
            files.filter(f -> f.getFileName().toString().endsWith(".java")).findFirst();
        if (file.isPresent()) {
          String relative =
              layout.root().relativize(file.get()).toString().replace(File.separatorChar, '/');
          return Optional.of(Map.of(relative, Files.readString(file.get())));
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Main classes and dependencies; test classes too when a test source changed. */
  private static List<Path> classpath(ProjectLayout layout, Map<String, String> sources) {
    List<Path> classpath = new ArrayList<>();
    classpath.add(layout.mainClasses());
    boolean testSourceChanged =
        sources.keySet().stream()
            .map(path -> layout.root().resolve(path).normalize())
            .anyMatch(file -> layout.testSourceRoots().stream().anyMatch(file::startsWith));
    if (testSourceChanged) {
      classpath.add(layout.testClasses());
    }
    classpath.addAll(layout.classpath());
    return classpath;
  }

  /** Closes the compilers; later calls fail. Idempotent. */
  @Override
  public void close() {
    List<InProcessCompiler> javacs;
    synchronized (this) {
      closed = true;
      javacs = List.copyOf(compilers.values());
      compilers.clear();
    }
    javacs.forEach(InProcessCompiler::close);
  }
}
