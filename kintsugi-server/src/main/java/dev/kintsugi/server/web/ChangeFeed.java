package dev.kintsugi.server.web;

import dev.kintsugi.server.store.ActivityStamp;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Live updates: {@code GET /ui/stream} is a server-sent-event stream that says {@code changed}
 * whenever the database's {@link ActivityStamp} moves; the page's parts listen with htmx ({@code
 * hx-trigger="sse:changed"}) and fetch themselves again. One thread reads the stamp, and only while
 * someone watches; it reads the database rather than listening to this process, so a dashboard also
 * sees what other servers and workers on the same database did.
 */
final class ChangeFeed implements AutoCloseable {
  static final String EVENT = "changed";
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final ActivityStamp stamp;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final Consumer<String> log;
  private final long keepAliveEvery;
  private volatile String last = "";
  private long ticks;

  ChangeFeed(ActivityStamp stamp, Duration every, Consumer<String> log) {
    this.stamp = stamp;
    this.log = log;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kintsugi-dashboard-feed");
              t.setDaemon(true);
              return t;
            });
    long ms = every.toMillis();
    timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    this.keepAliveEvery = Math.max(1, KEEP_ALIVE.toMillis() / ms);
  }

  void accept(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    client.sendComment("connected");
  }

  /** Tells every watcher now, without waiting for the next read (a change made here). */
  void changed() {
    timer.execute(this::tick);
  }

  private void tick() {
    if (clients.isEmpty()) {
      return;
    }
    try {
      String now = stamp.read();
      boolean moved = !now.equals(last);
      last = now;
      ticks++;
      for (SseClient c : clients) {
        if (c.terminated()) {
          clients.remove(c);
        } else if (moved) {
          c.sendEvent(EVENT, now);
        } else if (ticks % keepAliveEvery == 0) {
          c.sendComment("still here");
        }
      }
    } catch (RuntimeException e) {
      log.accept("dashboard live updates: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    clients.forEach(SseClient::close);
    clients.clear();
  }
}
