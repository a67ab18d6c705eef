package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.PackageDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Looks types up among the {@code .java} files of a workspace, by file name: a top-level type lives
 * in the file named after it. The file index is built on first use and files are parsed once; not
 * thread-safe, so use one per request.
 */
final class WorkspaceTypes implements TypeLookup {

  private static final Set<String> SKIPPED_DIRECTORIES =
      Set.of("target", "build", "out", "node_modules");
  private static final int MAX_FILES = 50_000;
  private static final long MAX_FILE_BYTES = 2_000_000;

  private final Path root;
  private Map<String, List<Path>> filesByName;
  private final Map<Path, Optional<CompilationUnit>> parsed = new HashMap<>();

  WorkspaceTypes(Path root) {
    this.root = root;
  }

  @Override
  public Optional<TypeDeclaration<?>> find(CompilationUnit from, String type) {
    String name = TypeLookup.simpleName(type);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<TypeDeclaration<?>> local = declared(from, name);
    if (local.isPresent()) {
      return local;
    }
    String qualified = qualifiedName(from, name);
    List<Path> files = index().getOrDefault(name, List.of());
    for (Path file : files) {
      Optional<CompilationUnit> cu = parsed.computeIfAbsent(file, WorkspaceTypes::parse);
      boolean sameType = cu.isPresent() && qualifiedName(cu.get(), name).equals(qualified);
      // A wildcard import hides the package; a name declared once in the workspace is unambiguous.
      if (sameType || (cu.isPresent() && files.size() == 1)) {
        return declared(cu.get(), name);
      }
    }
    return Optional.empty();
  }

  /** The fully qualified name {@code name} has in {@code cu}: imported, else same package. */
  private static String qualifiedName(CompilationUnit cu, String name) {
    for (ImportDeclaration declaration : cu.getImports()) {
      String imported = declaration.getNameAsString();
      if (!declaration.isAsterisk() && !declaration.isStatic() && imported.endsWith("." + name)) {
        return imported;
      }
    }
    String pkg = cu.getPackageDeclaration().map(PackageDeclaration::getNameAsString).orElse("");
    return pkg.isEmpty() ? name : pkg + "." + name;
  }

  private static Optional<TypeDeclaration<?>> declared(CompilationUnit cu, String name) {
    for (TypeDeclaration<?> type : cu.getTypes()) {
      if (type.getNameAsString().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private static Optional<CompilationUnit> parse(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      return JavaSourceParser.parse(Files.readString(file));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private Map<String, List<Path>> index() {
    if (filesByName == null) {
      filesByName = new HashMap<>();
      try {
        Files.walkFileTree(root, new Indexer(root, filesByName));
      } catch (IOException | UncheckedIOException | SecurityException e) {
        // a partial index still serves the files it has seen
      }
    }
    return filesByName;
  }

  /** Collects {@code .java} files by type name, skipping build output and hidden directories. */
  private static final class Indexer extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Map<String, List<Path>> filesByName;
    private int files;

    Indexer(Path root, Map<String, List<Path>> filesByName) {
      this.root = root;
      this.filesByName = filesByName;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
      if (dir.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      String name = String.valueOf(dir.getFileName());
      return name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)
          ? FileVisitResult.SKIP_SUBTREE
          : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
      String name = file.getFileName().toString();
      if (attributes.isRegularFile() && name.endsWith(".java")) {
        String type = name.substring(0, name.length() - ".java".length());
        filesByName.computeIfAbsent(type, t -> new ArrayList<>()).add(file);
        files++;
      }
      return files >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      return FileVisitResult.CONTINUE;
    }
  }
}
