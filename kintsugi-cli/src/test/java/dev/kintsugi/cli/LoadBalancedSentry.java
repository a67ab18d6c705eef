package dev.kintsugi.cli;

import io.sentry.SentryClient;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import io.sentry.hints.SubmissionResult;
import io.sentry.protocol.SentryId;
import io.sentry.util.HintUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real Sentry SDK, one client per server of the cluster, as an application behind a load
 * balancer sees them: an event a server did not acknowledge is sent again, with the same event id,
 * to the next server. The SDK's own transport sends each envelope; the test waits for the result it
 * reports through a {@link SubmissionResult} hint, so it knows which events were acknowledged (a
 * 200 from some server), which is what "no acknowledged event lost" is about.
 */
final class LoadBalancedSentry {

  private final List<SentryClient> clients = new ArrayList<>();
  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  final Set<String> retried = ConcurrentHashMap.newKeySet();

  /** Time spent handing events to the SDK, and waiting for its transport's answers. */
  final LongAdder captureNanos = new LongAdder();

  final LongAdder waitedNanos = new LongAdder();

  /** Clients of {@code project} (its DSN key) on each of {@code ports}. */
  LoadBalancedSentry(String key, long project, List<Integer> ports) {
    for (int port : ports) {
      SentryOptions options = new SentryOptions();
      options.setDsn("http://" + key + "@127.0.0.1:" + port + "/" + project);
      options.setRelease("shop@1.0");
      options.setEnvironment("production");
      options.setSendClientReports(false);
      options.setConnectionTimeoutMillis(2_000);
      options.setReadTimeoutMillis(5_000);
      clients.add(new SentryClient(options));
    }
  }

  /**
   * Sends {@code event} through the server {@code first} and, while none acknowledges it, the next
   * ones in turn (each server once).
   *
   * @return whether some server acknowledged it
   */
  boolean send(SentryEvent event, int first) throws InterruptedException {
    for (int i = 0; i < clients.size(); i++) {
      Result result = new Result();
      long t0 = System.nanoTime();
      SentryId id =
          clients
              .get((first + i) % clients.size())
              .captureEvent(event, HintUtils.createWithTypeCheckHint(result));
      long t1 = System.nanoTime();
      boolean acked = result.await();
      captureNanos.add(t1 - t0);
      waitedNanos.add(System.nanoTime() - t1);
      if (acked) {
        acknowledged.add(id.toString());
        return true;
      }
      retried.add(event.getEventId().toString());
    }
    return false;
  }

  void close() {
    clients.forEach(c -> c.close(true));
  }

  /** What the SDK's transport says of one envelope; nothing said in 10 s: not acknowledged. */
  private static final class Result implements SubmissionResult {
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean success;

    @Override
    public void setResult(boolean success) {
      this.success = success;
      done.countDown();
    }

    @Override
    public boolean isSuccess() {
      return success;
    }

    boolean await() throws InterruptedException {
      return done.await(10, TimeUnit.SECONDS) && success;
    }
  }
}
