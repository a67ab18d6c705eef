package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.analysis.ISourceFileCoverage;
import org.jacoco.core.data.ExecutionData;
import org.jacoco.core.data.ExecutionDataStore;
import org.jacoco.core.tools.ExecFileLoader;

/**
 * Turns one test's JaCoCo execution data into the source lines it executed, by repository-relative
 * file. Only the project's main classes (a reactor module's and its upstream siblings') are
 * analyzed, and of them only those the test touched.
 */
final class CoverageMapper {

  private final ProjectLayout layout;
  private final Map<String, byte[]> classBytes = new HashMap<>();
  private final Map<String, Optional<String>> sourcePaths = new HashMap<>();

  CoverageMapper(ProjectLayout layout) {
    this.layout = layout;
  }

  Map<String, Set<Integer>> linesByFile(Path execFile) {
    ExecFileLoader loader = new ExecFileLoader();
    try {
      loader.load(execFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read coverage data " + execFile, e);
    }
    ExecutionDataStore store = loader.getExecutionDataStore();
    CoverageBuilder builder = new CoverageBuilder();
    Analyzer analyzer = new Analyzer(store, builder);
    for (ExecutionData data : store.getContents()) {
      byte[] bytes = data.hasHits() ? classBytes(data.getName()) : null;
      if (bytes != null) {
        try {
          analyzer.analyzeClass(bytes, data.getName());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot analyze class " + data.getName(), e);
        }
      }
    }
    Map<String, Set<Integer>> lines = new HashMap<>();
    for (ISourceFileCoverage source : builder.getSourceFiles()) {
      Optional<String> path = sourcePath(source.getPackageName(), source.getName());
      Set<Integer> covered = new TreeSet<>();
      for (int line = source.getFirstLine(); line <= source.getLastLine(); line++) {
        int status = source.getLine(line).getStatus();
        if (status == ICounter.PARTLY_COVERED || status == ICounter.FULLY_COVERED) {
          covered.add(line);
        }
      }
      if (path.isPresent() && !covered.isEmpty()) {
        lines.merge(
            path.get(),
            covered,
            (a, b) -> {
              Set<Integer> union = new TreeSet<>(a);
              union.addAll(b);
              return union;
            });
      }
    }
    return lines;
  }

  /** The class file's bytes, or null when the class is not one of the project's main classes. */
  private byte[] classBytes(String vmName) {
    return classBytes.computeIfAbsent(
        vmName,
        name -> {
          for (Path classes : layout.allMainClasses()) {
            Path file = classes.resolve(name + ".class");
            try {
              if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
              }
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read " + file, e);
            }
          }
          return null;
        });
  }

  /** {@code src/main/java/com/acme/Foo.java} for package {@code com/acme} and {@code Foo.java}. */
  private Optional<String> sourcePath(String vmPackage, String fileName) {
    return sourcePaths.computeIfAbsent(
        vmPackage + "/" + fileName,
        key ->
            layout.mainSourceRoots().stream()
                .map(root -> root.resolve(vmPackage).resolve(fileName))
                .filter(Files::isRegularFile)
                .findFirst()
                .map(file -> layout.root().relativize(file).toString())
                .map(path -> path.replace(File.separatorChar, '/')));
  }
}
