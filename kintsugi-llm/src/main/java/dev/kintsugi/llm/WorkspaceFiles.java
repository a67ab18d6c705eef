package dev.kintsugi.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only view of the workspace's source files: reads files by repository-relative path and
 * resolves the file names a model or a stack trace uses ({@code Foo.java}, {@code
 * com/acme/Foo.java}, {@code src/main/java/com/acme/Foo.java}, an absolute path) to one. Paths that
 * leave the root are refused. Never writes.
 */
final class WorkspaceFiles {

  private static final Set<String> SKIP_DIRS =
      Set.of(".git", "target", "build", "node_modules", ".idea", ".gradle", ".mvn", "out");
  private static final long MAX_FILE_BYTES = 2_000_000;

  private final Path root;
  private List<String> javaFiles;
  private final Map<String, Optional<String>> cache = new HashMap<>();

  WorkspaceFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** The text of a repository-relative file, if it exists and is small enough. */
  synchronized Optional<String> read(String relative) {
    return cache.computeIfAbsent(relative, this::load);
  }

  private Optional<String> load(String relative) {
    Optional<Path> p = inside(relative);
    if (p.isEmpty() || !Files.isRegularFile(p.get())) {
      return Optional.empty();
    }
    try {
      if (Files.size(p.get()) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(p.get(), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<Path> inside(String relative) {
    try {
      Path p = root.resolve(relative).normalize();
      return p.startsWith(root) ? Optional.of(p) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** All {@code .java} files, repository-relative, skipping build output and VCS folders. */
  synchronized List<String> javaFiles() {
    if (javaFiles == null) {
      List<String> found = new ArrayList<>();
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIP_DIRS.contains(String.valueOf(dir.getFileName()))
                    ? FileVisitResult.SKIP_SUBTREE
                    : FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".java") && found.size() < 50_000) {
                  found.add(slashes(root.relativize(file)));
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        // an unreadable workspace has no files to offer
      }
      found.sort(null);
      javaFiles = List.copyOf(found);
    }
    return javaFiles;
  }

  /**
   * The existing repository-relative file a name refers to: exact, else the unique file ending with
   * it, else the unique file with that simple name (preferring main sources).
   */
  Optional<String> resolve(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String n = name.trim().replace('\\', '/');
    n = n.replaceAll("^[`'\"*]+|[`'\":*]+$", "");
    if (n.startsWith("a/") || n.startsWith("b/")) {
      String stripped = n.substring(2);
      if (read(n).isEmpty()) {
        n = stripped;
      }
    }
    Path asPath;
    try {
      asPath = Path.of(n);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (asPath.isAbsolute()) {
      Path normal = asPath.normalize();
      if (!normal.startsWith(root)) {
        return Optional.empty();
      }
      n = slashes(root.relativize(normal));
    }
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.startsWith("/") || n.equals("..") || n.startsWith("../") || n.contains("/../")) {
      return Optional.empty();
    }
    if (read(n).isPresent()) {
      return Optional.of(n);
    }
    String suffix = "/" + n;
    List<String> bySuffix = javaFiles().stream().filter(f -> f.endsWith(suffix)).toList();
    if (bySuffix.size() == 1) {
      return Optional.of(bySuffix.get(0));
    }
    List<String> main = bySuffix.stream().filter(f -> f.contains("src/main/")).toList();
    if (main.size() == 1) {
      return Optional.of(main.get(0));
    }
    return Optional.empty();
  }

  /** The file of a class from its binary or qualified name, if it is in the workspace. */
  Optional<String> classFile(String className) {
    String outer = className;
    int dollar = outer.indexOf('$');
    if (dollar >= 0) {
      outer = outer.substring(0, dollar);
    }
    String suffix = "/" + outer.replace('.', '/') + ".java";
    List<String> matches = javaFiles().stream().filter(f -> f.endsWith(suffix)).toList();
    return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(0));
  }

  static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
