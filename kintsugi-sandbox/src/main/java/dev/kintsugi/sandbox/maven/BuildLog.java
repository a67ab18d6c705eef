package dev.kintsugi.sandbox.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads what went wrong out of a Maven build's output. */
final class BuildLog {

  /** {@code [ERROR] /path/Foo.java:[12,5] message}, as printed by maven-compiler-plugin. */
  private static final Pattern COMPILER_ERROR =
      Pattern.compile("^\\[ERROR\\] .+\\.java:\\[\\d+(,\\d+)?\\] .*");

  /** Continuation lines of a compiler error ({@code symbol:}, {@code location:}). */
  private static final Pattern DETAIL = Pattern.compile("^\\[ERROR\\]\\s{2,}\\S.*");

  /** Maven's summary of the module whose compilation failed. */
  private static final Pattern FAILED_MODULE =
      Pattern.compile("on project ([^\\s:]+): Compilation failure");

  private static final int MAX_ERRORS = 10;

  /**
   * Maven's words for an artifact it could not get: offline ({@code -o}, "has not been downloaded
   * from it before") or without a network (a custom test command, the Maven wrapper fetching
   * Maven).
   */
  private static final Pattern MISSING_ARTIFACT =
      Pattern.compile(
          "offline mode|has not been downloaded from it before|Could not transfer"
              + "|Could not resolve dependencies|could not be resolved|Non-resolvable"
              + "|Unknown host|UnknownHostException|Could not resolve host|Network is unreachable"
              + "|Failed to fetch|Couldn't download|Cannot access"
              // The project's Maven wrapper (mvnw) fetching its own Maven distribution into
              // ~/.m2/wrapper, read-only and offline in the sandbox: the resolve step fetches it.
              + "|org\\.apache\\.maven\\.wrapper\\.|/\\.m2/wrapper/dists/");

  private BuildLog() {}

  /** The first distinct compiler errors with their detail lines; empty if the build compiled. */
  static List<String> compilerErrors(Path log) {
    Set<String> errors = new LinkedHashSet<>();
    String current = null;
    for (String line : lines(log)) {
      if (COMPILER_ERROR.matcher(line).matches()) {
        add(errors, current);
        current = line;
      } else if (current != null && DETAIL.matcher(line).matches()) {
        current += "\n" + line;
      } else {
        add(errors, current);
        current = null;
      }
    }
    add(errors, current);
    return errors.stream().limit(MAX_ERRORS).toList();
  }

  /** The artifactId of the module that did not compile, as Maven names it. */
  static java.util.Optional<String> moduleNotCompiling(Path log) {
    for (String line : lines(log)) {
      java.util.regex.Matcher matcher = FAILED_MODULE.matcher(line);
      if (matcher.find()) {
        return java.util.Optional.of(matcher.group(1));
      }
    }
    return java.util.Optional.empty();
  }

  /** Whether the build failed for want of an artifact that a resolve step could fetch. */
  static boolean missingArtifact(Path log) {
    return lines(log).stream().anyMatch(line -> MISSING_ARTIFACT.matcher(line).find());
  }

  /** The first {@code [ERROR]} lines of the output, for builds that failed otherwise. */
  static List<String> errorLines(String output) {
    List<String> errors = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("[ERROR]") && !line.isBlank() && errors.size() < MAX_ERRORS) {
        errors.add(line);
      }
    }
    return errors;
  }

  private static void add(Set<String> errors, String error) {
    if (error != null) {
      errors.add(error);
    }
  }

  static List<String> lines(Path log) {
    // Decode leniently: a build may print anything.
    try (Stream<String> lines =
        new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()) {
      return lines.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build log " + log, e);
    }
  }
}
