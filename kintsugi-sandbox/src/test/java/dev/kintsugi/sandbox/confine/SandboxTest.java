package dev.kintsugi.sandbox.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.sandbox.process.ProcessResult;
import dev.kintsugi.sandbox.process.ProcessRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bubblewrap, real cgroups: what a confined command can and cannot do to the host. */
class SandboxTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path scratch;

  /**
   * Outside the scratch directory and outside /tmp (which the sandbox replaces): host-visible. The
   * module's target directory, unless the checkout itself lies under /tmp (then the sandbox would
   * not see it, and a refused {@code rm -f} would pass for a file that is simply not there).
   */
  private Path outside;

  @BeforeEach
  void createOutside() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Path parent = target.startsWith("/tmp") ? Path.of("/var/tmp") : target;
    outside = Files.createTempDirectory(Files.createDirectories(parent), "outside-");
  }

  @AfterEach
  void deleteOutside() throws IOException {
    try (Stream<Path> files = Files.walk(outside)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private ProcessRunner confined(SandboxPolicy.Limits limits) {
    Sandbox sandbox =
        Sandbox.open(SandboxPolicy.defaults().withWritable(scratch).withLimits(limits));
    assertThat(sandbox.confined()).isTrue();
    assertThat(sandbox.warnings()).as("cgroups are writable on the test machine").isEmpty();
    return new ProcessRunner(sandbox);
  }

  private ProcessRunner confined() {
    return confined(SandboxPolicy.Limits.defaults());
  }

  private ProcessResult sh(ProcessRunner runner, String script) {
    return runner.run(
        List.of("sh", "-c", script, "kintsugi-sandbox-test"),
        scratch,
        Map.of(),
        TIMEOUT,
        scratch.resolve("out-" + System.nanoTime() + ".log"));
  }

  @Test
  void writesInsideScratchAndPrivateTmpWork() throws IOException {
    String marker = "kintsugi-private-tmp-" + System.nanoTime();

    ProcessResult result =
        sh(
            confined(),
            "echo inside > "
                + scratch.resolve("made.txt")
                + " && echo tmp > /tmp/"
                + marker
                + " && cat /tmp/"
                + marker);

    assertThat(result.succeeded()).as(result.outputTail()).isTrue();
    assertThat(result.outputTail()).contains("tmp");
    assertThat(Files.readString(scratch.resolve("made.txt"))).isEqualTo("inside\n");
    assertThat(Path.of("/tmp", marker)).as("/tmp of the sandbox is private").doesNotExist();
  }

  @Test
  void cannotWriteChangeOrDeleteOutsideScratch() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim.txt"), "original");
    Path created = outside.resolve("created.txt");
    Path inHome = Path.of(System.getProperty("user.home"), "kintsugi-sandbox-" + System.nanoTime());

    ProcessResult write = sh(confined(), "echo evil > " + created);
    ProcessResult change = sh(confined(), "echo evil > " + victim);
    ProcessResult delete = sh(confined(), "rm -f " + victim);
    ProcessResult home = sh(confined(), "echo evil > " + inHome + " && ls -A $HOME");
    ProcessResult etc = sh(confined(), "echo evil >> /etc/hostname");

    assertThat(write.succeeded()).as(write.outputTail()).isFalse();
    assertThat(change.succeeded()).isFalse();
    assertThat(delete.succeeded()).isFalse();
    assertThat(etc.succeeded()).isFalse();
    assertThat(change.outputTail()).contains("Read-only file system");
    assertThat(created).doesNotExist();
    assertThat(victim).hasContent("original");
    // $HOME is an empty scratch view: the write lands there and vanishes, the real home is unseen.
    assertThat(inHome).doesNotExist();
    assertThat(home.outputTail()).doesNotContain(".bashrc").doesNotContain(".kintsugi");
  }

  @Test
  void secretsAndHostEnvironmentAreHidden() throws IOException {
    ProcessResult result =
        sh(confined(), "cat /etc/shadow; env; ls /proc | grep -c '^[0-9]' ; true");

    assertThat(result.outputTail())
        .doesNotContain("root:")
        .contains("PATH=")
        .doesNotContain("OLDPWD=")
        .doesNotContain("KINTSUGI_");
    // Own PID namespace: only the sandbox's few processes are visible.
    String count = result.outputTail().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(Integer.parseInt(count.strip())).isLessThan(10);
  }

  @Test
  void cannotConnectToAServerOnTheHostsLoopback() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(1_500);
      AtomicInteger accepted = new AtomicInteger();
      Thread acceptor = acceptor(server, accepted);
      String connect = "echo hi > /dev/tcp/127.0.0.1/" + server.getLocalPort();

      ProcessResult blocked =
          confined()
              .run(
                  List.of("bash", "-c", connect), scratch, Map.of(), TIMEOUT, scratch.resolve("a"));
      acceptor.join();

      assertThat(blocked.succeeded()).as(blocked.outputTail()).isFalse();
      assertThat(accepted).hasValue(0);

      // The same connection from Maven's resolve step, which shares the host's network, arrives:
      // the check above can fail.
      acceptor = acceptor(server, accepted);
      ProcessResult resolve =
          confined()
              .run(
                  List.of("bash", "-c", connect),
                  scratch,
                  Map.of(),
                  TIMEOUT,
                  scratch.resolve("b"),
                  true);
      acceptor.join();
      assertThat(resolve.succeeded()).as(resolve.outputTail()).isTrue();
      assertThat(accepted).hasValue(1);
    }
  }

  private static Thread acceptor(ServerSocket server, AtomicInteger accepted) {
    Thread thread =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                accepted.incrementAndGet();
              } catch (SocketTimeoutException e) {
                // nobody came
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }

  @Test
  void forkBombIsStoppedAndLeavesNothingRunning() throws Exception {
    String marker = "kintsugi-bomb-" + System.nanoTime();
    ProcessRunner runner =
        confined(new SandboxPolicy.Limits(1L << 30, 64, 1, Duration.ofSeconds(8)));
    long start = System.nanoTime();

    ProcessResult result =
        runner.run(
            List.of("sh", "-c", "f(){ f|f& }; f; sleep 600", marker),
            scratch,
            Map.of(),
            Duration.ofMinutes(5), // the policy's wall time (8 s) is shorter and wins
            scratch.resolve("bomb.log"));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertThat(result.timedOut()).isTrue();
    assertThat(result.outputTail()).as("hit the pids limit").contains("fork");
    assertThat(processesNamed(marker)).as("no bomb process left").isZero();
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor()).as("the host still starts processes").isZero();
  }

  @Test
  void commandsThatLeaveTheirProcessTreeAreKilledOnTimeout() throws Exception {
    String marker = "kintsugi-orphan-" + System.nanoTime();

    ProcessResult result =
        confined()
            .run(
                List.of("sh", "-c", "setsid sh -c 'sleep 600' " + marker + " & sleep 600", marker),
                scratch,
                Map.of(),
                Duration.ofSeconds(2),
                scratch.resolve("orphan.log"));

    assertThat(result.timedOut()).isTrue();
    assertThat(processesNamed(marker)).isZero();
  }

  @Test
  void memoryLimitKillsAnAllocationBeyondIt() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> touch1g = List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-version");

    ProcessResult limited =
        confined(new SandboxPolicy.Limits(256L << 20, 256, 2, Duration.ofMinutes(2)))
            .run(touch1g, scratch, Map.of(), TIMEOUT, scratch.resolve("oom.log"));
    ProcessResult roomy =
        confined().run(touch1g, scratch, Map.of(), TIMEOUT, scratch.resolve("ok.log"));

    assertThat(limited.succeeded()).as(limited.outputTail()).isFalse();
    assertThat(limited.outputTail()).doesNotContain("version");
    assertThat(roomy.succeeded()).as(roomy.outputTail()).isTrue();
    assertThat(roomy.outputTail()).contains("version");
  }

  @Test
  void sandboxCannotLiftItsOwnLimits() {
    ProcessResult result =
        sh(
            confined(),
            "for f in /sys/fs/cgroup/pids/kintsugi-*/pids.max /sys/fs/cgroup/*/pids.max; do"
                + " echo max > $f && echo LIFTED; done; true");

    assertThat(result.outputTail()).doesNotContain("LIFTED");
  }

  @Test
  void missingBubblewrapIsRefusedWithInstallHintUnlessUnconfinedIsChosen() {
    String before = System.getProperty(Bubblewrap.PROPERTY);
    System.setProperty(Bubblewrap.PROPERTY, "/nonexistent/bwrap");
    try {
      Sandbox.Detection detection = Sandbox.detect();
      assertThat(detection.available()).isFalse();
      assertThat(detection.message())
          .contains("/nonexistent/bwrap")
          .contains("apt-get install bubblewrap");
      assertThatThrownBy(() -> Sandbox.open(SandboxPolicy.defaults()))
          .isInstanceOf(SandboxUnavailableException.class)
          .hasMessageContaining("apt-get install bubblewrap")
          .hasMessageContaining("opt out");

      Sandbox unconfined = Sandbox.open(SandboxPolicy.defaults().unconfined());
      assertThat(unconfined.confined()).isFalse();
      assertThat(unconfined.warnings()).singleElement().asString().contains("UNCONFINED");
    } finally {
      if (before == null) {
        System.clearProperty(Bubblewrap.PROPERTY);
      } else {
        System.setProperty(Bubblewrap.PROPERTY, before);
      }
    }
    assertThat(Sandbox.detect().available()).isTrue();
  }

  @Test
  void limitsAreCheckedWithClearMessages() {
    assertThatThrownBy(() -> new SandboxPolicy.Limits(1, 64, 1, TIMEOUT))
        .hasMessageContaining("memory limit must be at least 64 MiB, was 1 bytes");
    assertThatThrownBy(() -> new SandboxPolicy.Limits(1L << 30, 2, 1, TIMEOUT))
        .hasMessageContaining("pids limit must be at least 16, was 2");
    assertThatThrownBy(() -> new SandboxPolicy.Limits(1L << 30, 64, 0, TIMEOUT))
        .hasMessageContaining("cpus must be at least 0.1, was 0.0");
  }

  /** Processes on the host whose command line mentions {@code marker}, zombies excluded. */
  static long processesNamed(String marker) throws IOException {
    long count = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        if (!proc.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
          String stat = Files.readString(proc.resolve("stat"));
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          if (cmdline.contains(marker) && state != 'Z' && state != 'X') {
            count++;
          }
        } catch (IOException e) {
          // exited meanwhile
        }
      }
    }
    return count;
  }
}
