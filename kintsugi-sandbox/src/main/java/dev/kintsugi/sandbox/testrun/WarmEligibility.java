package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides where candidates may run warm: a project's workers keep a warm session when its tests use
 * Spring's test contexts, and a candidate runs in it only when it changes no line that ran while
 * the contexts were built (known per project once the coverage run recorded it).
 */
final class WarmEligibility {

  private static final Pattern SPRING_TEST_JAR = Pattern.compile("spring-test-\\d[^/]*\\.jar");

  /**
   * Per project, the main-code lines that ran while its Spring test contexts were built (known
   * after the coverage run): a candidate changing one of them runs in a fresh class loader.
   */
  private final Map<ProjectLayout, Map<String, Set<Integer>>> startupLines =
      new ConcurrentHashMap<>();

  /**
   * Whether the project's workers keep a warm session: its tests use Spring's test contexts (built
   * once per worker instead of once per candidate), and warm sessions are not turned off.
   */
  static boolean warmContexts(ProjectLayout layout) {
    if ("false".equals(System.getProperty(TestExecutor.WARM_CONTEXTS_PROPERTY))) {
      return false;
    }
    return layout.classpath().stream()
        .map(Path::getFileName)
        .filter(Objects::nonNull)
        .anyMatch(name -> SPRING_TEST_JAR.matcher(name.toString()).matches());
  }

  /** The lines that ran while the project's contexts were built, all of them. */
  void startupKnown(ProjectLayout layout, Map<String, Set<Integer>> lines) {
    startupLines.put(layout, lines);
  }

  /** The project's startup lines are not (completely) known: no candidate of it runs warm. */
  void startupUnknown(ProjectLayout layout) {
    startupLines.remove(layout);
  }

  /**
   * Whether a candidate may run in a warm session: the project has one, its startup code is known,
   * only main sources changed, and no changed line (nor the line before or after it, for an
   * insertion) ran while the contexts were built — such a change would need the contexts rebuilt.
   * The worker still refuses a change of a class's shape.
   */
  boolean allows(ProjectLayout layout, Map<String, String> changedSources) {
    Map<String, Set<Integer>> startup = startupLines.get(layout);
    if (startup == null || changedSources.isEmpty() || !warmContexts(layout)) {
      return false;
    }
    for (Map.Entry<String, String> source : changedSources.entrySet()) {
      Path file = layout.root().resolve(source.getKey()).normalize();
      if (layout.testSourceRoots().stream().anyMatch(file::startsWith)) {
        return false;
      }
      String original;
      try {
        original = Files.readString(file);
      } catch (IOException e) {
        return false; // a new file
      }
      Set<Integer> ran = startup.getOrDefault(source.getKey(), Set.of());
      int[] changed = ChangedRange.of(original, source.getValue());
      for (int line = changed[0] - 1; line <= changed[1] + 1; line++) {
        if (ran.contains(line)) {
          return false;
        }
      }
    }
    return true;
  }
}
