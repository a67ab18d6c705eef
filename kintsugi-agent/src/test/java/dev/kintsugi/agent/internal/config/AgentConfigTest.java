package dev.kintsugi.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;
  final Map<String, String> sys = new HashMap<>();
  final Map<String, String> env = new HashMap<>();

  AgentConfig load(String args) {
    return AgentConfig.load(args, sys::get, env::get, dir, dir).orElseThrow();
  }

  @Test
  void agentArgumentsWinOverSystemPropertiesWhichWinOverTheEnvironment() {
    env.put("KINTSUGI_DSN", "http://env@h:1/1");
    env.put("KINTSUGI_RELEASE", "env-release");
    env.put("KINTSUGI_ENVIRONMENT", "env-env");
    env.put("KINTSUGI_PACKAGES", "com.env");
    sys.put("kintsugi.release", "sys-release");
    sys.put("kintsugi.packages", "com.sys");
    AgentConfig c = load("packages=com.acme;com.other,environment=staging");
    assertThat(c.dsn().publicKey()).isEqualTo("env");
    assertThat(c.release()).contains("sys-release");
    assertThat(c.environment()).isEqualTo("staging");
    assertThat(c.packages().prefixes()).containsExactly("com.acme", "com.other");
  }

  @Test
  void defaults() {
    AgentConfig c = load("dsn=http://k@h:1/7");
    assertThat(c.environment()).isEqualTo("production");
    assertThat(c.packages().isEmpty()).isTrue();
    assertThat(c.release()).isEmpty(); // the temp dir is in no git repository
    assertThat(c.queueSize()).isEqualTo(100);
    assertThat(c.flushTimeoutMillis()).isEqualTo(2000);
    assertThat(c.timeoutMillis()).isEqualTo(5000);
    assertThat(c.spoolMaxFiles()).isEqualTo(100);
    assertThat(c.spoolMaxBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(c.captureArgs()).isTrue();
    assertThat(c.captureLogging()).isTrue();
    assertThat(c.spoolDir().getParent()).isEqualTo(dir.resolve("kintsugi-agent-spool"));
    assertThat(c.spoolDir().getFileName().toString()).matches("[0-9a-f]{16}");
  }

  @Test
  void theDefaultSpoolDirectoryDependsOnTheDsn() {
    Path a = load("dsn=http://k@h:1/7").spoolDir();
    Path b = load("dsn=http://k@h:1/8").spoolDir();
    assertThat(a).isNotEqualTo(b);
    assertThat(load("dsn=http://k@h:1/7,spool=" + dir.resolve("s")).spoolDir())
        .isEqualTo(dir.resolve("s"));
  }

  @Test
  void numbersAndFlagsAreParsed() {
    AgentConfig c =
        load(
            "dsn=http://k@h:1/7,queue_size=5,flush_timeout_ms=100,timeout_ms=300,"
                + "spool_max_files=3,spool_max_bytes=4096,args=false,logging=off,"
                + "server_name=web-1");
    assertThat(c.queueSize()).isEqualTo(5);
    assertThat(c.flushTimeoutMillis()).isEqualTo(100);
    assertThat(c.timeoutMillis()).isEqualTo(300);
    assertThat(c.spoolMaxFiles()).isEqualTo(3);
    assertThat(c.spoolMaxBytes()).isEqualTo(4096);
    assertThat(c.captureArgs()).isFalse();
    assertThat(c.captureLogging()).isFalse();
    assertThat(c.serverName()).contains("web-1");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> load(null))
        .hasMessageContaining("no dsn")
        .hasMessageContaining("KINTSUGI_DSN");
    assertThatThrownBy(() -> load("dsn=http://k@h:1/7,queue_size=lots"))
        .hasMessageContaining("queue_size")
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> load("dsn=http://k@h:1/7,queue_size=0"))
        .hasMessageContaining("queue_size");
    assertThatThrownBy(() -> load("dsn=http://k@h:1/7,args=maybe"))
        .hasMessageContaining("args must be true or false, was 'maybe'");
    assertThatThrownBy(() -> load("dsn=http://k@h:1/7,verbose"))
        .hasMessageContaining("'verbose' is not key=value");
    assertThatThrownBy(() -> load("dsn=nonsense")).hasMessageContaining("http://");
  }

  @Test
  void circuitPollingIsADurationOrOff() {
    assertThat(load("dsn=http://k@h:1/7").circuitsPollMillis()).isEqualTo(5000);
    assertThat(load("dsn=http://k@h:1/7,circuits_poll=250ms").circuitsPollMillis()).isEqualTo(250);
    assertThat(load("dsn=http://k@h:1/7,circuits_poll=30s").circuitsPollMillis()).isEqualTo(30_000);
    assertThat(load("dsn=http://k@h:1/7,circuits_poll=2m").circuitsPollMillis()).isEqualTo(120_000);
    assertThat(load("dsn=http://k@h:1/7,circuits_poll=10").circuitsPollMillis()).isEqualTo(10_000);
    assertThat(load("dsn=http://k@h:1/7,circuits_poll=off").circuitsPollMillis()).isZero();
    sys.put("kintsugi.circuits_poll", "0");
    assertThat(load("dsn=http://k@h:1/7").circuitsPollMillis()).isZero();
    for (String bad : new String[] {"soon", "50ms", "-1s", "2h", "99999999999999999m"}) {
      assertThatThrownBy(() -> load("dsn=http://k@h:1/7,circuits_poll=" + bad))
          .as(bad)
          .hasMessageContaining("circuits_poll must be a duration")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void faultInjectionIsOffUnlessTurnedOn() {
    assertThat(load("dsn=http://k@h:1/7").faults()).isFalse();
    assertThat(load("dsn=http://k@h:1/7,faults=off").faults()).isFalse();
    assertThat(load("dsn=http://k@h:1/7,faults=on").faults()).isTrue();
    assertThat(load("dsn=http://k@h:1/7,faults=on").unknownKeys()).isEmpty();
    assertThatThrownBy(() -> load("dsn=http://k@h:1/7,faults=maybe"))
        .hasMessageContaining("faults must be true or false");
    sys.put("kintsugi.faults", "true");
    assertThat(load("dsn=http://k@h:1/7").faults()).isTrue();
  }

  @Test
  void unknownKeysAreReportedNotFatal() {
    assertThat(load("dsn=http://k@h:1/7,colour=blue").unknownKeys()).containsExactly("colour");
  }

  @Test
  void enabledFalseTurnsTheAgentOffEvenWithoutDsn() {
    assertThat(AgentConfig.load("enabled=false", sys::get, env::get, dir, dir))
        .isEqualTo(Optional.empty());
  }

  @Test
  void releaseDefaultsToTheGitCommitOfTheWorkingDirectory() throws Exception {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), sha + "\n");
    assertThat(load("dsn=http://k@h:1/7").release()).contains(sha);
    env.put("KINTSUGI_RELEASE", "shop@2.0");
    assertThat(load("dsn=http://k@h:1/7").release()).contains("shop@2.0");
  }
}
