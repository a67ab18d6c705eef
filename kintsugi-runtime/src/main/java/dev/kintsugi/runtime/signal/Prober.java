package dev.kintsugi.runtime.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

/** Runs one probe of a health check, within its timeout. */
final class Prober {
  /** Bodies of HTTP and actuator checks past this are cut (the check fails). */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final int DETAIL_CHARS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpFetch http;

  Prober(HttpFetch http) {
    this.http = http;
  }

  /** A probe's result; {@code detail} says why it failed (or what passed), never a secret. */
  record Result(boolean ok, Duration latency, String detail) {}

  Result probe(HealthCheck check) {
    long start = System.nanoTime();
    try {
      HealthCheck.Probe probe = check.probe();
      String detail;
      if (probe instanceof HealthCheck.Http h) {
        detail = http(h, check.timeout());
      } else if (probe instanceof HealthCheck.Tcp t) {
        detail = tcp(t, check.timeout());
      } else if (probe instanceof HealthCheck.Process p) {
        detail = process(p);
      } else {
        detail = actuator((HealthCheck.Actuator) probe, check.timeout());
      }
      return new Result(true, since(start), detail);
    } catch (Failed | HttpFetch.Failure e) {
      return new Result(false, since(start), cut(e.getMessage()));
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private String http(HealthCheck.Http h, Duration timeout) throws Failed, HttpFetch.Failure {
    HttpFetch.Answer a = http.get(h.url(), "*/*", timeout, MAX_BODY_BYTES);
    if (a.status() != h.status()) {
      throw new Failed("HTTP " + a.status() + ", expected " + h.status());
    }
    if (h.bodyContains().isPresent()
        && !new String(a.body(), StandardCharsets.UTF_8).contains(h.bodyContains().get())) {
      throw new Failed("body does not contain the expected text");
    }
    if (h.maxLatency().isPresent() && a.latency().compareTo(h.maxLatency().get()) > 0) {
      throw new Failed(
          "answered in "
              + a.latency().toMillis()
              + " ms, more than "
              + h.maxLatency().get().toMillis()
              + " ms");
    }
    return "HTTP " + a.status() + " in " + a.latency().toMillis() + " ms";
  }

  private static String tcp(HealthCheck.Tcp t, Duration timeout) throws Failed {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(t.host(), t.port()), (int) Math.max(1, timeout.toMillis()));
      return "connected to " + t.host() + ":" + t.port();
    } catch (IOException e) {
      throw new Failed(
          "cannot connect to "
              + t.host()
              + ":"
              + t.port()
              + " ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")");
    }
  }

  private static String process(HealthCheck.Process p) throws Failed {
    long pid;
    if (p.pid().isPresent()) {
      pid = p.pid().getAsLong();
    } else {
      try {
        String text = Files.readString(p.pidFile().orElseThrow()).trim();
        pid = Long.parseLong(text);
      } catch (IOException e) {
        throw new Failed("cannot read pid file " + p.pidFile().orElseThrow());
      } catch (NumberFormatException e) {
        throw new Failed("pid file " + p.pidFile().orElseThrow() + " holds no pid");
      }
    }
    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    if (!alive) {
      throw new Failed("process " + pid + " is not running");
    }
    return "process " + pid + " is running";
  }

  private String actuator(HealthCheck.Actuator a, Duration timeout)
      throws Failed, HttpFetch.Failure {
    // Actuator answers 503 with {"status":"DOWN"} when unhealthy: the status field decides.
    HttpFetch.Answer answer = http.get(a.url(), "application/json", timeout, MAX_BODY_BYTES);
    JsonNode body;
    try {
      body = JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new Failed("HTTP " + answer.status() + ", body is not JSON");
    }
    JsonNode status = body == null ? null : body.get("status");
    if (status == null || !status.isTextual()) {
      throw new Failed("HTTP " + answer.status() + ", no status in the body");
    }
    if (!status.asText().equals("UP")) {
      throw new Failed("status " + cut(status.asText()) + " (HTTP " + answer.status() + ")");
    }
    return "status UP";
  }

  private static String cut(String text) {
    return text.length() <= DETAIL_CHARS ? text : text.substring(0, DETAIL_CHARS - 1) + "…";
  }

  private static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }
}
