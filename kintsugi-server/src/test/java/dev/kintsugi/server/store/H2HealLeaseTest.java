package dev.kintsugi.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2HealLeaseTest extends HealLeaseContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }

  @Override
  boolean oneProcess() {
    return true;
  }
}
