package dev.kintsugi.runtime.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProberTest {
  final Prober prober = new Prober(HttpFetch.create());

  static HealthCheck check(HealthCheck.Probe probe) {
    return new HealthCheck(
        "c", "shop", Duration.ofSeconds(10), Duration.ofMillis(500), 2, 2, probe);
  }

  @Test
  void httpChecksStatusBodyAndLatency() throws Exception {
    try (FakeService s =
        new FakeService("/ping", () -> FakeService.Reply.ok("text/plain", "pong from shop"))) {
      var ok =
          new HealthCheck.Http(
              s.uri("/ping"), 200, Optional.of("pong"), Optional.of(Duration.ofMillis(400)));
      assertThat(prober.probe(check(ok)).ok()).isTrue();

      var wrongBody =
          new HealthCheck.Http(s.uri("/ping"), 200, Optional.of("PONG"), Optional.empty());
      assertThat(prober.probe(check(wrongBody)).detail()).contains("body does not contain");

      var wrongStatus =
          new HealthCheck.Http(s.uri("/ping"), 204, Optional.empty(), Optional.empty());
      assertThat(prober.probe(check(wrongStatus)).detail()).isEqualTo("HTTP 200, expected 204");

      s.reply(() -> new FakeService.Reply(200, "text/plain", "pong", 150));
      var slow =
          new HealthCheck.Http(
              s.uri("/ping"), 200, Optional.empty(), Optional.of(Duration.ofMillis(100)));
      Prober.Result r = prober.probe(check(slow));
      assertThat(r.ok()).isFalse();
      assertThat(r.detail()).contains("more than 100 ms");
      assertThat(r.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(150));

      s.reply(() -> new FakeService.Reply(200, "text/plain", "pong", 2_000));
      assertThat(prober.probe(check(ok)).detail()).contains("timed out");
    }
  }

  @Test
  void tcpConnectsToAnOpenPortOnly() throws Exception {
    int port;
    try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = open.getLocalPort();
      assertThat(prober.probe(check(new HealthCheck.Tcp("127.0.0.1", port))).ok()).isTrue();
    }
    Prober.Result closed = prober.probe(check(new HealthCheck.Tcp("127.0.0.1", port)));
    assertThat(closed.ok()).isFalse();
    assertThat(closed.detail()).startsWith("cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void processIsAliveByPidAndByPidFileUntilItExits(@TempDir Path dir) throws Exception {
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      Path pidFile = dir.resolve("shop.pid");
      Files.writeString(pidFile, child.pid() + "\n");
      var byPid = new HealthCheck.Process(OptionalLong.of(child.pid()), Optional.empty());
      var byFile = new HealthCheck.Process(OptionalLong.empty(), Optional.of(pidFile));
      assertThat(prober.probe(check(byPid)).ok()).isTrue();
      assertThat(prober.probe(check(byFile)).ok()).isTrue();

      child.destroy();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(prober.probe(check(byPid)).detail())
          .isEqualTo("process " + child.pid() + " is not running");
      assertThat(prober.probe(check(byFile)).ok()).isFalse();

      Files.writeString(pidFile, "garbage");
      assertThat(prober.probe(check(byFile)).detail()).contains("holds no pid");
      Files.delete(pidFile);
      assertThat(prober.probe(check(byFile)).detail()).contains("cannot read pid file");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void actuatorHealthPassesOnlyWhenStatusIsUp() throws Exception {
    try (FakeService s =
        new FakeService(
            "/actuator/health",
            () ->
                FakeService.Reply.ok(
                    "application/vnd.spring-boot.actuator.v3+json",
                    "{\"status\":\"UP\",\"groups\":[\"liveness\"]}"))) {
      var probe = new HealthCheck.Actuator(s.uri("/actuator/health"));
      assertThat(prober.probe(check(probe)).ok()).isTrue();

      s.reply(
          () ->
              new FakeService.Reply(
                  503,
                  "application/json",
                  "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\"}}}",
                  0));
      Prober.Result down = prober.probe(check(probe));
      assertThat(down.ok()).isFalse();
      assertThat(down.detail()).isEqualTo("status DOWN (HTTP 503)");

      s.reply(() -> FakeService.Reply.ok("text/html", "<html>"));
      assertThat(prober.probe(check(probe)).detail()).contains("not JSON");
    }
  }

  @Test
  void thresholdsSignalOnlyTheCrossings() {
    HealthCheck c =
        new HealthCheck(
            "api",
            "shop",
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            3,
            2,
            new HealthCheck.Tcp("x", 1));
    HealthTracker t = new HealthTracker(c);
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    Prober.Result ok = new Prober.Result(true, Duration.ZERO, "ok");
    Prober.Result bad = new Prober.Result(false, Duration.ZERO, "refused");

    assertThat(t.healthy()).isEmpty();
    assertThat(t.record(ok, at)).isEmpty();
    assertThat(t.record(ok, at))
        .contains(new RuntimeSignal.Health("shop", "api", at, true, 2, "ok"));
    assertThat(t.record(bad, at)).isEmpty();
    assertThat(t.record(bad, at)).isEmpty();
    assertThat(t.record(ok, at)).as("the failures were not consecutive").isEmpty();
    assertThat(t.record(bad, at)).isEmpty();
    assertThat(t.record(bad, at)).isEmpty();
    assertThat(t.healthy()).contains(true);
    assertThat(t.record(bad, at))
        .contains(new RuntimeSignal.Health("shop", "api", at, false, 3, "refused"));
    assertThat(t.record(bad, at)).as("already failing").isEmpty();
    assertThat(t.healthy()).contains(false);
    assertThat(t.record(ok, at)).isEmpty();
    assertThat(t.record(ok, at)).isPresent();
    assertThat(t.healthy()).contains(true);
  }
}
