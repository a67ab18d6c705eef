package dev.kintsugi.agent.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.agent.internal.config.Dsn;
import dev.kintsugi.agent.testing.EnvelopeServer;
import dev.kintsugi.agent.testing.EnvelopeServer.Received;
import dev.kintsugi.agent.testing.EnvelopeServer.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against a real HTTP server (the JDK's) scripted per request. */
class SenderTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  EnvelopeServer server(int port, IntFunction<Reply> script) throws Exception {
    EnvelopeServer s = EnvelopeServer.start(port, script);
    open.add(s);
    return s;
  }

  Sender<byte[]> sender(int port, int queueSize) throws Exception {
    Spool spool = new Spool(dir.resolve("spool"), 100, 1 << 20, Clock.systemUTC());
    Sender<byte[]> s =
        new Sender<>(
            Dsn.parse("http://pubkey@127.0.0.1:" + port + "/7"),
            "1.0",
            queueSize,
            item -> item,
            spool,
            Clock.systemUTC(),
            new Backoff(50, 200, new Random(7)),
            2000);
    open.add(() -> s.close(100));
    return s;
  }

  static byte[] envelope(String id) {
    String payload = "{\"event_id\":\"" + id + "\"}";
    return ("{\"event_id\":\""
            + id
            + "\"}\n{\"type\":\"event\",\"length\":"
            + payload.length()
            + "}\n"
            + payload
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String id(int i) {
    return String.format("%032x", i);
  }

  static List<String> ids(List<Received> received) {
    List<String> out = new ArrayList<>();
    for (Received r : received) {
      out.add(r.eventId());
    }
    return out;
  }

  @Test
  void postsEachEventAsAnAuthenticatedEnvelopeOverKeptAliveConnections() throws Exception {
    EnvelopeServer server = server(0, n -> Reply.status(200));
    Sender<byte[]> sender = sender(server.port(), 100);
    for (int i = 0; i < 10; i++) {
      sender.offer(envelope(id(i)));
    }
    sender.start();
    List<Received> got = server.awaitAccepted(10, WAIT);
    assertThat(ids(got)).hasSize(10).doesNotHaveDuplicates();
    Received first = got.get(0);
    assertThat(first.path).isEqualTo("/api/7/envelope/");
    assertThat(first.contentType).isEqualTo("application/x-sentry-envelope");
    assertThat(first.auth)
        .startsWith(
            "Sentry sentry_version=7, sentry_key=pubkey, sentry_client=kintsugi.java.agent/1.0");
    Set<Integer> connections = new HashSet<>();
    got.forEach(r -> connections.add(r.clientPort));
    assertThat(connections.size()).isLessThan(10);
    await(() -> sender.sent() == 10);
  }

  @Test
  void aTooManyRequestsAnswerWaitsForRetryAfterThenSendsOnce() throws Exception {
    EnvelopeServer server =
        server(0, n -> n == 0 ? Reply.status(429, "Retry-After", "1") : Reply.status(200));
    Sender<byte[]> sender = sender(server.port(), 100).start();
    sender.offer(envelope(id(1)));
    List<Received> got = server.awaitAccepted(1, WAIT);
    List<Received> all = server.all();
    assertThat(all).hasSize(2);
    assertThat(ids(got)).containsExactly(id(1));
    assertThat(Duration.ofNanos(all.get(1).atNanos - all.get(0).atNanos))
        .isGreaterThan(Duration.ofMillis(950));
    assertThat(sender.spooled()).isEqualTo(1);
    awaitEmpty(sender);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilOneDelivery() throws Exception {
    EnvelopeServer server = server(0, n -> Reply.status(n < 2 ? 500 : 200));
    Sender<byte[]> sender = sender(server.port(), 100).start();
    sender.offer(envelope(id(1)));
    assertThat(ids(server.awaitAccepted(1, WAIT))).containsExactly(id(1));
    Thread.sleep(300);
    assertThat(server.all()).hasSize(3);
    assertThat(server.accepted()).hasSize(1);
    awaitEmpty(sender);
  }

  @Test
  void whileTheServerIsDownEventsAreSpooledAndReplayedOldestFirstOnceItIsUp() throws Exception {
    int port = EnvelopeServer.freePort();
    Sender<byte[]> sender = sender(port, 100).start();
    for (int i = 0; i < 5; i++) {
      sender.offer(envelope(id(i)));
      Thread.sleep(5);
    }
    await(() -> sender.spooled() == 5);
    assertThat(sender.sent()).isZero();
    assertThat(sender.spooled()).isEqualTo(5);

    EnvelopeServer server = server(port, n -> Reply.status(200));
    List<Received> got = server.awaitAccepted(5, WAIT);
    Thread.sleep(300);
    assertThat(ids(server.all())).containsExactly(id(0), id(1), id(2), id(3), id(4));
    assertThat(ids(got)).doesNotHaveDuplicates();
    awaitEmpty(sender);
  }

  @Test
  void otherClientErrorsDropTheEventWithoutRetry() throws Exception {
    EnvelopeServer server = server(0, n -> Reply.status(n == 0 ? 401 : 200));
    Sender<byte[]> sender = sender(server.port(), 100).start();
    sender.offer(envelope(id(1)));
    sender.offer(envelope(id(2)));
    assertThat(ids(server.awaitAccepted(1, WAIT))).containsExactly(id(2));
    Thread.sleep(300);
    assertThat(ids(server.all())).containsExactly(id(1), id(2));
    assertThat(sender.refused()).isEqualTo(1);
    assertThat(sender.spooled()).isZero();
  }

  @Test
  void aSentryRateLimitHeaderPausesErrorEvents() throws Exception {
    EnvelopeServer server =
        server(
            0,
            n ->
                n == 0
                    ? Reply.status(200, "X-Sentry-Rate-Limits", "1:error:organization")
                    : Reply.status(200));
    Sender<byte[]> sender = sender(server.port(), 100).start();
    sender.offer(envelope(id(1)));
    server.awaitAccepted(1, WAIT);
    sender.offer(envelope(id(2)));
    List<Received> got = server.awaitAccepted(2, WAIT);
    assertThat(ids(got)).containsExactly(id(1), id(2));
    assertThat(Duration.ofNanos(got.get(1).atNanos - got.get(0).atNanos))
        .isGreaterThan(Duration.ofMillis(900));
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
    Sender<byte[]> sender = sender(EnvelopeServer.freePort(), 2);
    assertThat(sender.offer(envelope(id(1)))).isTrue();
    assertThat(sender.offer(envelope(id(2)))).isTrue();
    long start = System.nanoTime();
    assertThat(sender.offer(envelope(id(3)))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));
    assertThat(sender.droppedQueue()).isEqualTo(1);
  }

  @Test
  void closeSendsWhatIsQueued() throws Exception {
    EnvelopeServer server = server(0, n -> Reply.status(200));
    Sender<byte[]> sender = sender(server.port(), 100).start();
    for (int i = 0; i < 20; i++) {
      sender.offer(envelope(id(i)));
    }
    sender.close(2000);
    assertThat(ids(server.accepted())).hasSize(20).doesNotHaveDuplicates();
    assertThat(sender.offer(envelope(id(99)))).isFalse();
  }

  @Test
  void closeSpoolsWhatItCannotSendWithinTheDeadline() throws Exception {
    Sender<byte[]> sender = sender(EnvelopeServer.freePort(), 100).start();
    for (int i = 0; i < 3; i++) {
      sender.offer(envelope(id(i)));
    }
    long start = System.nanoTime();
    sender.close(500);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(new Spool(dir.resolve("spool"), 100, 1 << 20, Clock.systemUTC()).files()).hasSize(3);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  static void awaitEmpty(Sender<byte[]> sender) throws InterruptedException {
    Spool view = new Spool(sender.spoolDir(), 100, 1 << 20, Clock.systemUTC());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!view.files().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(view.files()).isEmpty();
  }
}
