package dev.kintsugi.heal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a project tree's sources or its build output ({@code target/} of every module), and
 * deletes trees. Links are copied as links; file attributes are kept.
 */
public final class FileTrees {

  private FileTrees() {}

  /** Copies everything but build output: a fresh copy to build or edit. */
  public static void copySources(Path from, Path to) throws IOException {
    copy(from, to, false);
  }

  /**
   * Copies only build output into another copy of the same sources: it then holds the compiled
   * classes as if it had built them.
   */
  public static void copyBuildOutput(Path from, Path to) throws IOException {
    copy(from, to, true);
  }

  /** How often {@link #delete} walks a tree that something is still writing into. */
  static final int DELETE_ATTEMPTS = 5;

  /**
   * Deletes {@code root} and everything under it; nothing when it does not exist. A tree that a
   * process of the heal still writes into while it ends (a worker JVM being stopped, a build's
   * fork) is walked again, a little later, a few times.
   */
  public static void delete(Path root) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        deleteOnce(root);
        return;
      } catch (DirectoryNotEmptyException e) {
        if (attempt == DELETE_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static void deleteOnce(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // gone meanwhile
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Copies the files under {@code from} that lie in build output, or those that do not. */
  private static void copy(Path from, Path to, boolean buildOutput) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (inBuildOutput(from.relativize(dir)) != buildOutput) {
              // Sources skip build output whole; build output is looked for in every directory.
              return buildOutput ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path relative = from.relativize(file);
            // A file is build output when a directory above it is (a file named target is not).
            Path dir = relative.getParent();
            if ((dir != null && inBuildOutput(dir)) == buildOutput) {
              Files.copy(
                  file,
                  to.resolve(relative.toString()),
                  StandardCopyOption.COPY_ATTRIBUTES,
                  LinkOption.NOFOLLOW_LINKS);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Whether a path relative to the tree's root lies in a {@code target/} directory. */
  private static boolean inBuildOutput(Path relative) {
    for (Path part : relative) {
      if (part.toString().equals("target")) {
        return true;
      }
    }
    return false;
  }
}
