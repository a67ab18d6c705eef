package dev.kintsugi.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2RuntimeIncidentStoreTest extends RuntimeIncidentStoreContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }
}
