package dev.kintsugi.sandbox.maven;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Java release a project compiles for. The compiled classes say it exactly (their class file
 * version), whatever profile or parent POM set it; the POM's compiler properties are the fallback.
 */
final class JavaRelease {

  private static final int DEFAULT = 17;
  private static final int CLASS_MAGIC = 0xCAFEBABE;
  private static final int MAJOR_VERSION_OFFSET = 44;

  private JavaRelease() {}

  static int of(Path mainClasses, PomFile pom) {
    int release =
        fromClassFiles(mainClasses)
            .or(() -> fromPom(pom, "maven.compiler.release"))
            .or(() -> fromPom(pom, "maven.compiler.target"))
            .or(() -> fromPom(pom, "maven.compiler.source"))
            .orElse(DEFAULT);
    // javac cannot target a release newer than the JDK running it.
    return Math.min(release, Runtime.version().feature());
  }

  private static Optional<Integer> fromClassFiles(Path classes) {
    if (!Files.isDirectory(classes)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(classes)) {
      Optional<Path> first =
          files.filter(file -> file.getFileName().toString().endsWith(".class")).findFirst();
      if (first.isEmpty()) {
        return Optional.empty();
      }
      try (InputStream in = Files.newInputStream(first.get());
          DataInputStream data = new DataInputStream(in)) {
        if (data.readInt() != CLASS_MAGIC) {
          return Optional.empty();
        }
        data.readUnsignedShort(); // minor version
        return Optional.of(data.readUnsignedShort() - MAJOR_VERSION_OFFSET);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Integer> fromPom(PomFile pom, String property) {
    return pom.property(property)
        .map(value -> value.startsWith("1.") ? value.substring(2) : value)
        .flatMap(
            value -> {
              try {
                return Optional.of(Integer.parseInt(value));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
