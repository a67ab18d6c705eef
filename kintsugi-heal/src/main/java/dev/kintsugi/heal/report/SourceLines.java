package dev.kintsugi.heal.report;

import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.heal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source text of ranked lines, as the healed tree holds them: what a report shows next to each
 * location ({@link HealReport.Location#code}), so a reader sees the suspicious line without the
 * repository at hand.
 */
public final class SourceLines {

  private SourceLines() {}

  /**
   * Each location's line, trimmed and cut to {@link HealReport.Location#MAX_CODE_CHARS}, keyed by
   * {@link #key}; a line that cannot be read (no such file or line, a path leaving {@code root}) is
   * left out.
   *
   * @param root the healed tree the locations' paths are relative to
   */
  public static Map<String, String> of(Path root, List<RankedLocation> locations) {
    Path top = root.toAbsolutePath().normalize();
    Map<String, List<String>> files = new HashMap<>();
    Map<String, String> out = new HashMap<>();
    for (RankedLocation l : locations) {
      Path file = top.resolve(l.file()).normalize();
      if (!file.startsWith(top) || l.line() < 1) {
        continue;
      }
      List<String> lines =
          files.computeIfAbsent(
              l.file(),
              f -> {
                try {
                  return Files.isRegularFile(file)
                      ? Files.readAllLines(file, StandardCharsets.UTF_8)
                      : List.of();
                } catch (IOException | RuntimeException e) {
                  return List.of(); // not text, or gone: the location goes without its line
                }
              });
      if (l.line() <= lines.size()) {
        out.put(
            key(l.file(), l.line()),
            Text.clip(lines.get(l.line() - 1).strip(), HealReport.Location.MAX_CODE_CHARS));
      }
    }
    return out;
  }

  /** How {@link #of} keys a location's line. */
  public static String key(String file, int line) {
    return file + ":" + line;
  }
}
