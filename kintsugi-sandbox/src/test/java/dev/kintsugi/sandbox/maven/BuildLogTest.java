package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogTest {

  @Test
  void collectsDistinctCompilerErrorsWithTheirDetails(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("build.log"),
            """
            [INFO] Compiling 2 source files
            [ERROR] COMPILATION ERROR :
            [ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol
            [ERROR]   symbol:   variable x
            [ERROR]   location: class a.Foo
            [ERROR] /p/src/main/java/a/Bar.java:[3,1] class, interface, enum, or record expected
            [INFO] 2 errors
            [ERROR] Failed to execute goal ...: Compilation failure: Compilation failure:
            [ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol
            [ERROR]   symbol:   variable x
            [ERROR]   location: class a.Foo
            """);

    assertThat(BuildLog.compilerErrors(log))
        .containsExactly(
            "[ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol\n"
                + "[ERROR]   symbol:   variable x\n"
                + "[ERROR]   location: class a.Foo",
            "[ERROR] /p/src/main/java/a/Bar.java:[3,1] class, interface, enum, or record expected");
  }

  @Test
  void findsNothingInACleanBuild(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("build.log"), "[INFO] BUILD SUCCESS\n");

    assertThat(BuildLog.compilerErrors(log)).isEmpty();
  }
}
