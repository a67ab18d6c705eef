package dev.kintsugi.runtime.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service small enough to start in a blink, run as a real process: {@code GET /health} answers
 * 200; it writes its pid file. A frozen (SIGSTOP) one answers nothing, as a very slow service.
 */
public final class TinyService {

  /** {@code java ... TinyService PORT PID_FILE}. */
  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.createContext(
        "/health",
        exchange -> {
          byte[] body = "UP".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Files.writeString(Path.of(args[1]), ProcessHandle.current().pid() + "\n");
  }

  final int port;
  final Path pidFile;
  private final Path dir;

  TinyService(Path dir) throws IOException {
    this.dir = dir;
    this.pidFile = dir.resolve("tiny.pid");
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  /** The command line that starts it (what a restart runbook runs). */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            Path.of("target", "test-classes").toAbsolutePath().toString(),
            TinyService.class.getName(),
            Integer.toString(port),
            pidFile.toString()));
    return command;
  }

  /** Starts it and waits until its pid file is written and it answers. */
  void start() throws IOException, InterruptedException {
    Files.deleteIfExists(pidFile);
    new ProcessBuilder(command())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tiny.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("the tiny service did not start; see " + dir.resolve("tiny.log"));
  }

  long pid() throws IOException {
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  /** The process's state letter from /proc (R, S, T for stopped, ...). */
  static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  /** Kills whichever process the pid file names now (and resumes it first if frozen). */
  void stop() throws IOException {
    if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
      ProcessHandle.of(pid())
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
              });
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }
}
