package dev.kintsugi.server.circuit;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2FaultStoreTest extends FaultStoreContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }
}
