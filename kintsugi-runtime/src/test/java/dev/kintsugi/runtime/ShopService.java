package dev.kintsugi.runtime;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sample service of {@code examples/shop-service}, built once per test JVM with its own Maven
 * build, run as a real process on a fixed port with a pid file (what the restart action restarts).
 */
public final class ShopService {

  private static Path jar;

  private final Path dir;
  private final List<String> jvmOptions = new ArrayList<>();
  public final int port;
  final Path pidFile;
  final Path flags;

  private ShopService(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.pidFile = dir.resolve("shop.pid");
    this.flags = dir.resolve("flags.json");
  }

  /** A service to run under {@code dir}, on a free port, with the new-pricing flag off. */
  public static ShopService in(Path dir) throws IOException, InterruptedException {
    ShopService shop = new ShopService(dir, freePort());
    shop.flag("off");
    return shop;
  }

  /** Runs it with Kintsugi's agent (built by this module's build), with these agent options. */
  ShopService withAgent(String options) {
    Path agent = Path.of("target", "agent", "kintsugi-agent.jar").toAbsolutePath();
    jvmOptions.add("-javaagent:" + agent + "=" + options);
    return this;
  }

  /** The command that starts it, with {@code extra} arguments ({@code --fault latency}). */
  public List<String> command(String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "--port",
            Integer.toString(port),
            "--pid-file",
            pidFile.toString(),
            "--flags",
            flags.toString()));
    command.addAll(List.of(extra));
    return command;
  }

  /** Starts it and waits until it answers. */
  public void start() throws IOException, InterruptedException {
    new ProcessBuilder(command())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("shop.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(pidFile) && status("/health") == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the shop did not start; see " + dir.resolve("shop.log"));
  }

  /** The pid in the pid file. */
  long pid() throws IOException {
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  /** Stops whichever process the pid file names now. */
  public void stop() throws IOException {
    if (Files.exists(pidFile)) {
      ProcessHandle.of(pid())
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
              });
    }
  }

  /** The status of a GET, or -1 when nothing answers within 5 s. */
  public int status(String path) throws InterruptedException {
    return send("GET", path);
  }

  int send(String method, String path) throws InterruptedException {
    return send(method, path, HttpRequest.BodyPublishers.noBody());
  }

  /** Asks for the price of a cart without a coupon (what the new pricing engine fails on). */
  int quote() throws InterruptedException {
    return send(
        "POST",
        "/cart/quote",
        HttpRequest.BodyPublishers.ofString("{\"items\":[{\"sku\":\"MUG-01\",\"quantity\":1}]}"));
  }

  private int send(String method, String path, HttpRequest.BodyPublisher body)
      throws InterruptedException {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .method(method, body)
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Writes the flag file with the new-pricing flag's default variant. */
  void flag(String variant) throws IOException {
    Files.writeString(
        flags,
        "{\"flags\":{\"new-pricing\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,"
            + "\"off\":false},\"defaultVariant\":\""
            + variant
            + "\"}}}");
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static synchronized Path jar() throws IOException, InterruptedException {
    if (jar != null) {
      return jar;
    }
    Path source = Path.of("..", "examples", "shop-service").toAbsolutePath().normalize();
    Path copy = Files.createTempDirectory("kintsugi-shop-build");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
        Path rel = source.relativize(f);
        if (rel.startsWith("target")) {
          continue;
        }
        Path to = copy.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path log = copy.resolve("build.log");
    Process build =
        new ProcessBuilder("mvn", "-B", "-q", "-DskipTests", "package")
            .directory(copy.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
      build.destroyForcibly();
      throw new IOException("building the shop failed; see " + log);
    }
    jar = copy.resolve("target").resolve("shop-service.jar");
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
