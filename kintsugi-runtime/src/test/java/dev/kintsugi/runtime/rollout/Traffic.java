package dev.kintsugi.runtime.rollout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Users: a few threads sending GET requests to one URL until closed, counting the statuses. */
final class Traffic implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<Thread> threads = new ArrayList<>();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  Traffic(URI url, int users) {
    for (int i = 0; i < users; i++) {
      Thread t = new Thread(() -> send(url), "traffic-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void send(URI url) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
    while (running) {
      int status;
      try {
        status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = -1;
      } catch (InterruptedException e) {
        return;
      }
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      try {
        Thread.sleep(4);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** How many answers had this status (-1: no answer). */
  long count(int status) {
    LongAdder n = statuses.get(status);
    return n == null ? 0 : n.sum();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(10_000);
    }
  }
}
