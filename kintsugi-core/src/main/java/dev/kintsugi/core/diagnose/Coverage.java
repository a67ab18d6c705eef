package dev.kintsugi.core.diagnose;

import dev.kintsugi.core.signal.TestId;
import java.util.Map;
import java.util.Set;

/**
 * Per-test line coverage of main code: for each test, the lines it executed, by repository-relative
 * source file.
 */
public record Coverage(Map<TestId, Map<String, Set<Integer>>> linesByTest) {

  public Coverage {
    linesByTest = Map.copyOf(linesByTest);
  }

  public static Coverage empty() {
    return new Coverage(Map.of());
  }

  /** Whether {@code test} executed {@code line} of {@code file}. */
  public boolean covers(TestId test, String file, int line) {
    Map<String, Set<Integer>> byFile = linesByTest.get(test);
    if (byFile == null) {
      return false;
    }
    Set<Integer> lines = byFile.get(file);
    return lines != null && lines.contains(line);
  }
}
