package dev.kintsugi.heal.prepare;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a prepared tree's build output (every module's {@code target/}) into a heal's own export
 * of the same commit: the heal's workspace then holds the compiled classes and classpath file as if
 * it had built them, and nothing it writes reaches the prepared tree or another heal.
 */
public final class BuildOutput {

  private BuildOutput() {}

  public static void copy(Path preparedTree, Path workspace) throws IOException {
    Files.walkFileTree(
        preparedTree,
        new SimpleFileVisitor<Path>() {
          private boolean inTarget(Path dir) {
            for (Path part : preparedTree.relativize(dir)) {
              if (part.toString().equals("target")) {
                return true;
              }
            }
            return false;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (inTarget(dir)) {
              Files.createDirectories(workspace.resolve(preparedTree.relativize(dir).toString()));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (inTarget(file.getParent())) {
              Files.copy(
                  file,
                  workspace.resolve(preparedTree.relativize(file).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES,
                  LinkOption.NOFOLLOW_LINKS);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
