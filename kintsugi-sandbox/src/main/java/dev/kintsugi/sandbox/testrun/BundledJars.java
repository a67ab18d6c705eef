package dev.kintsugi.sandbox.testrun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jars shipped inside the sandbox jar for the child JVM's command line: the test worker and the
 * JaCoCo agent. The build copies them to {@code dev/kintsugi/sandbox/bundled/}.
 */
final class BundledJars {

  static final String WORKER = "kintsugi-worker.jar";
  static final String JACOCO_AGENT = "jacocoagent.jar";

  private static final String LOCATION = "/dev/kintsugi/sandbox/bundled/";

  private BundledJars() {}

  /** Copies the bundled jar {@code name} into {@code dir}. */
  static Path extract(String name, Path dir) {
    Path target = dir.resolve(name);
    try (InputStream in = BundledJars.class.getResourceAsStream(LOCATION + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "kintsugi-sandbox was built without its bundled "
                + name
                + " ("
                + LOCATION
                + name
                + ")");
      }
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + name + " to " + dir, e);
    }
  }
}
