package dev.kintsugi.java.repro;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.PackageDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds types in the project's main sources by name, parsing each file at most once. Names come
 * from untrusted events, so only dot-separated Java identifiers are ever turned into paths. Not
 * thread-safe: one per generation.
 */
final class ProjectSources {

  private static final long MAX_FILE_BYTES = 2_000_000;
  private static final int MAX_FILES_PER_PACKAGE = 500;

  private final List<Path> roots;
  private final Map<Path, Optional<CompilationUnit>> parsed = new HashMap<>();
  private final Map<String, Optional<SourceType>> byCanonical = new HashMap<>();

  ProjectSources(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * The type of a binary name ({@code com.acme.Cart$Line}); empty when it is not in the sources or
   * names an anonymous or local class (check {@link #isAnonymousOrLocal} first).
   */
  Optional<SourceType> byBinaryName(String binaryName) {
    if (isAnonymousOrLocal(binaryName)) {
      return Optional.empty();
    }
    return byCanonicalName(binaryName.replace('$', '.'));
  }

  /** Whether a binary name has a nested part starting with a digit: {@code Outer$1}. */
  static boolean isAnonymousOrLocal(String binaryName) {
    String[] parts = binaryName.split("\\$", -1);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isEmpty() || Character.isDigit(parts[i].charAt(0))) {
        return true;
      }
    }
    return false;
  }

  /** The type {@code com.acme.Outer.Inner}, trying each split into package and nested names. */
  Optional<SourceType> byCanonicalName(String canonical) {
    if (!JavaLiterals.isQualifiedName(canonical)) {
      return Optional.empty();
    }
    return byCanonical.computeIfAbsent(canonical, this::lookUp);
  }

  /** Whether package {@code packageName} declares a top-level type {@code simpleName}. */
  boolean hasTopLevel(String packageName, String simpleName) {
    return byCanonicalName(packageName.isEmpty() ? simpleName : packageName + "." + simpleName)
        .filter(t -> t.chain().size() == 1)
        .isPresent();
  }

  private Optional<SourceType> lookUp(String canonical) {
    String[] parts = canonical.split("\\.");
    // Longest package first: "a.b.C.D" is a.b/C.java's D before a/b.java's C.D.
    for (int top = parts.length - 1; top >= 0; top--) {
      String pkg = String.join(".", Arrays.copyOfRange(parts, 0, top));
      List<String> nested = Arrays.asList(parts).subList(top + 1, parts.length);
      for (Path root : roots) {
        Path dir = pkg.isEmpty() ? root : root.resolve(pkg.replace('.', '/'));
        Optional<SourceType> found =
            inFile(dir.resolve(parts[top] + ".java"), pkg, parts[top], nested);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    // A package-private top-level type may live in a file named after another type.
    for (int top = parts.length - 1; top >= 0; top--) {
      String pkg = String.join(".", Arrays.copyOfRange(parts, 0, top));
      List<String> nested = Arrays.asList(parts).subList(top + 1, parts.length);
      for (Path root : roots) {
        Path dir = pkg.isEmpty() ? root : root.resolve(pkg.replace('.', '/'));
        for (Path file : javaFiles(dir)) {
          Optional<SourceType> found = inFile(file, pkg, parts[top], nested);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  private Optional<SourceType> inFile(Path file, String pkg, String top, List<String> nested) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Optional<CompilationUnit> unit = parsed.computeIfAbsent(file, ProjectSources::parse);
    if (unit.isEmpty() || !packageOf(unit.get()).equals(pkg)) {
      return Optional.empty();
    }
    for (TypeDeclaration<?> type : unit.get().getTypes()) {
      if (type.getNameAsString().equals(top)) {
        return descend(new SourceType(pkg, List.of(type), unit.get()), nested);
      }
    }
    return Optional.empty();
  }

  private static Optional<SourceType> descend(SourceType type, List<String> nested) {
    SourceType current = type;
    for (String name : nested) {
      Optional<TypeDeclaration<?>> member = memberType(current.declaration(), name);
      if (member.isEmpty()) {
        return Optional.empty();
      }
      current = current.member(member.get());
    }
    return Optional.of(current);
  }

  /** The member type {@code name} declared directly in {@code type}. */
  static Optional<TypeDeclaration<?>> memberType(TypeDeclaration<?> type, String name) {
    for (BodyDeclaration<?> member : type.getMembers()) {
      if (member instanceof TypeDeclaration<?> nested && nested.getNameAsString().equals(name)) {
        return Optional.of(nested);
      }
    }
    return Optional.empty();
  }

  static String packageOf(CompilationUnit unit) {
    return unit.getPackageDeclaration().map(PackageDeclaration::getNameAsString).orElse("");
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
          .sorted()
          .limit(MAX_FILES_PER_PACKAGE)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<CompilationUnit> parse(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      ParserConfiguration configuration =
          new ParserConfiguration().setLanguageLevel(LanguageLevel.JAVA_21);
      ParseResult<CompilationUnit> result =
          new JavaParser(configuration).parse(Files.readString(file));
      return result.isSuccessful() ? result.getResult() : Optional.empty();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return Optional.empty();
    }
  }
}
