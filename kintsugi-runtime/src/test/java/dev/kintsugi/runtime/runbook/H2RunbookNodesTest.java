package dev.kintsugi.runtime.runbook;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2RunbookNodesTest extends RunbookNodesContract {
  @TempDir Path dir;

  @Override
  String freshUrl() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
  }
}
