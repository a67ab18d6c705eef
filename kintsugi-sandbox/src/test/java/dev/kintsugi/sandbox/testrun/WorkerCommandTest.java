package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.sandbox.TestSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerCommandTest {

  @Test
  void theTestFrameworkIsSharedAcrossCandidates() {
    for (String jar :
        new String[] {
          "junit-jupiter-api-5.14.1.jar",
          "junit-jupiter-engine-5.14.1.jar",
          "junit-jupiter-params-6.1.3.jar",
          "junit-jupiter-5.14.1.jar",
          "junit-platform-launcher-1.14.1.jar",
          "junit-platform-commons-6.1.3.jar",
          "junit-vintage-engine-5.14.1.jar",
          "junit-4.13.2.jar",
          "hamcrest-core-1.3.jar",
          "hamcrest-2.2.jar",
          "opentest4j-1.3.0.jar",
          "apiguardian-api-1.1.2.jar",
          "jspecify-1.0.0.jar"
        }) {
      assertThat(WorkerCommand.isFrameworkJar(Path.of("/m2/x", jar))).as(jar).isTrue();
    }
  }

  @Test
  void librariesAndProjectClassesAreLoadedPerCandidate() {
    for (String entry :
        new String[] {
          "assertj-core-3.27.7.jar",
          "mockito-junit-jupiter-5.20.0.jar",
          "junit-pioneer-2.3.0.jar",
          "junitparams-1.1.1.jar",
          "classes",
          "test-classes"
        }) {
      assertThat(WorkerCommand.isFrameworkJar(Path.of("/m2/x", entry))).as(entry).isFalse();
    }
  }

  @Test
  void theTestListNamesTheBuildsMethodsAndTheClassesItRanWhole() {
    TestSettings settings =
        TestSettings.defaults()
            .withTests(
                List.of("a.CalcTest", "a.CrashTest"),
                List.of("a.CalcTest#adds", "a.CalcTest#squares"));

    assertThat(WorkerCommand.testList(settings))
        .isEqualTo("a.CalcTest#adds\na.CalcTest#squares\na.CrashTest\n");
  }
}
