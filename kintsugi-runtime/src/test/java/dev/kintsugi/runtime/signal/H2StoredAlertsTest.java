package dev.kintsugi.runtime.signal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StoredAlertsTest extends StoredAlertsContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }
}
