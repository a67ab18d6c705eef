package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestsRunTest {

  private static TestOutcome ran(String type, String method) {
    return TestOutcome.passed(new TestId(type, method), 1);
  }

  @Test
  void namesEachMethodOnceAndRunsAClassWholeWhenACaseNamesNoMethod() {
    TestsRun run =
        TestsRun.of(
            List.of(
                ran("a.CalcTest", "adds"),
                ran("a.CalcTest", "squares(int)[1]"),
                ran("a.CalcTest", "squares(int)[2]"),
                ran("a.SetupTest", ""),
                ran("a.SetupTest", "works"),
                ran("a.CrashTest", "first")),
            Set.of("a.CrashTest"));

    assertThat(run.classes()).containsExactly("a.CalcTest", "a.CrashTest", "a.SetupTest");
    assertThat(run.methods()).containsExactly("a.CalcTest#adds", "a.CalcTest#squares");
  }
}
