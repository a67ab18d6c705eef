package dev.kintsugi.server.circuit;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2CircuitStoreTest extends CircuitStoreContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }
}
