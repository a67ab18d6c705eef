package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart action on real processes: a sleeping one to stop, a small HTTP service to start. */
class RestartActionTest {

  private static final String SERVICE =
      """
      public class Service {
        public static void main(String[] args) throws Exception {
          System.out.println("started with GREETING=" + System.getenv("GREETING"));
          var server = com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
          int status = Integer.parseInt(args[1]);
          server.createContext("/health", x -> { x.sendResponseHeaders(status, -1); x.close(); });
          server.start();
          Thread.sleep(600_000);
        }
      }
      """;

  @TempDir Path dir;
  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void stopEverything() throws IOException {
    Path pidFile = dir.resolve("app.pid");
    if (Files.exists(pidFile)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
    started.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void stopsTheProcessOfThePidFileAndStartsTheCommandUntilItAnswers() throws Exception {
    Process old = start("sleep", "300");
    Files.writeString(dir.resolve("app.pid"), old.pid() + "\n");
    Files.writeString(dir.resolve("Service.java"), SERVICE);
    int port = freePort();

    ActionOutcome outcome =
        TestActions.parse(
                """
                restart:
                  pidFile: '%s'
                  command: ['%s', Service.java, '%d', '200']
                  workingDir: '%s'
                  env: {GREETING: hello}
                  log: '%s'
                  readyUrl: 'http://127.0.0.1:%d/health'
                """
                    .formatted(
                        dir.resolve("app.pid"),
                        java(),
                        port,
                        dir,
                        dir.resolve("logs/app.log"),
                        port))
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(old.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(outcome.detail()).contains("stopped pid " + old.pid()).contains("ready");
    long pid = Long.parseLong(Files.readString(dir.resolve("app.pid")).trim());
    assertThat(pid).isNotEqualTo(old.pid());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(Files.readString(dir.resolve("logs/app.log")))
        .contains("started with GREETING=hello");
    assertThat(outcome.undo()).isEmpty();
  }

  @Test
  void killsAProcessThatIgnoresSigtermOnceTheGracePeriodIsOver() throws Exception {
    Process stubborn = start("sh", "-c", "trap '' TERM; exec sleep 300");
    awaitCommand(stubborn, "sleep");
    Files.writeString(dir.resolve("app.pid"), String.valueOf(stubborn.pid()));

    ActionOutcome outcome =
        TestActions.parse(
                "{restart: {pidFile: '%s', command: [sleep, '300'], grace: 300ms, aliveFor: 200ms}}"
                    .formatted(dir.resolve("app.pid")))
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).contains("killed pid " + stubborn.pid());
    assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCommandThatExitsAtOnceIsNotReady() throws Exception {
    ActionOutcome outcome =
        TestActions.parse(
                "{restart: {pidFile: '%s', command: ['false'], aliveFor: 2s}}"
                    .formatted(dir.resolve("app.pid")))
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("no running process").contains("exited with code 1");
  }

  @Test
  void aServiceThatNeverAnswers2xxIsNotReadyAfterTheTimeout() throws Exception {
    Files.writeString(dir.resolve("Service.java"), SERVICE);
    int port = freePort();

    ActionOutcome outcome =
        TestActions.parse(
                """
                restart:
                  pidFile: '%s'
                  command: ['%s', '%s', '%d', '503']
                  readyUrl: 'http://127.0.0.1:%d/health'
                  readyTimeout: 4s
                """
                    .formatted(
                        dir.resolve("app.pid"), java(), dir.resolve("Service.java"), port, port))
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("no 2xx from").contains("within 4000 ms");
  }

  @Test
  void refusesToStopItsOwnProcess() throws Exception {
    ActionOutcome outcome =
        TestActions.parse(
                "{restart: {pid: %d, command: [sleep, '1']}}"
                    .formatted(ProcessHandle.current().pid()))
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("refusing to stop");
  }

  private Process start(String... argv) throws IOException {
    Process process = new ProcessBuilder(argv).start();
    started.add(process.toHandle());
    return process;
  }

  private static void awaitCommand(Process process, String name) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (process.info().command().orElse("").endsWith(name)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("never became " + name);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
