package dev.kintsugi.agent.internal.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UncaughtHandlerTest {
  @Test
  void capturesThenCallsThePreviousHandler() throws Exception {
    List<String> calls = new ArrayList<>();
    UncaughtHandler handler =
        new UncaughtHandler(
            (t, e) -> calls.add("previous:" + e.getMessage()),
            e -> calls.add("captured:" + e.getMessage()));
    Thread thread =
        new Thread(
            () -> {
              throw new IllegalStateException("boom");
            });
    thread.setUncaughtExceptionHandler(handler);
    thread.start();
    thread.join();
    assertThat(calls).containsExactly("captured:boom", "previous:boom");
  }

  @Test
  void thePreviousHandlerRunsEvenWhenCaptureFails() {
    List<String> calls = new ArrayList<>();
    UncaughtHandler handler =
        new UncaughtHandler(
            (t, e) -> calls.add("previous"),
            e -> {
              throw new OutOfMemoryError("agent broke");
            });
    handler.uncaughtException(Thread.currentThread(), new RuntimeException());
    assertThat(calls).containsExactly("previous");
  }

  @Test
  void installChainsInFrontOfTheCurrentDefault() {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    List<String> calls = new ArrayList<>();
    try {
      Thread.setDefaultUncaughtExceptionHandler((t, e) -> calls.add("app handler"));
      UncaughtHandler.install(e -> calls.add("agent"));
      Thread.getDefaultUncaughtExceptionHandler()
          .uncaughtException(Thread.currentThread(), new RuntimeException());
      assertThat(calls).containsExactly("agent", "app handler");
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}
