package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkCrashesTest {

  @Test
  void theClassesUnderCrashedTestsAreErrorsWithTheForksExitCode() {
    List<String> log =
        List.of(
            "[ERROR] The forked VM terminated without properly saying goodbye. VM crash or"
                + " System.exit called?",
            "[ERROR] Process Exit Code: 3",
            "[ERROR] Crashed tests:",
            "[ERROR] com.acme.ExitTest",
            "[ERROR] com.acme.Other$Nested",
            "[ERROR] org.apache.maven.surefire.booter.SurefireBooterForkException: The forked VM",
            "[ERROR] com.acme.NotCrashed");

    List<TestOutcome> crashed = ForkCrashes.exited(log);

    assertThat(crashed)
        .extracting(TestOutcome::id)
        .containsExactly(
            new TestId("com.acme.ExitTest", ""), new TestId("com.acme.Other$Nested", ""));
    assertThat(crashed.get(0).status()).isEqualTo(TestStatus.ERROR);
    assertThat(crashed.get(0).message()).contains("exit code 3").contains("System.exit");
  }

  @Test
  void aDumpedTraceIsAnErrorOfTheTestMethodItReaches(@TempDir Path testClasses) throws Exception {
    Files.createDirectories(testClasses.resolve("com/acme"));
    Files.write(testClasses.resolve("com/acme/QuitterTest.class"), new byte[0]);
    List<String> dump =
        List.of(
            "# Created at 2026-12-02T14:58:12.511",
            "java.lang.OutOfMemoryError: Java heap space",
            "\tat com.acme.Quitter.hoard(Quitter.java:16)",
            "\tat com.acme.QuitterTest.hoards(QuitterTest.java:11)",
            "\tat java.base/java.lang.reflect.Method.invoke(Method.java:569)");

    TestOutcome error = ForkCrashes.trace(dump, testClasses).orElseThrow();

    assertThat(error.id()).isEqualTo(new TestId("com.acme.QuitterTest", "hoards"));
    assertThat(error.exceptionType()).isEqualTo("java.lang.OutOfMemoryError");
    assertThat(error.message()).isEqualTo("Java heap space");
    assertThat(error.stackTrace()).contains("at com.acme.Quitter.hoard(Quitter.java:16)");
    assertThat(ForkCrashes.trace(dump, testClasses.resolve("elsewhere"))).isEmpty();
  }
}
