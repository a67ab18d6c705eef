package dev.kintsugi.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.store.EventWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The event writer's transactions as {@code /metrics} shows them: how long they take and how often
 * one was retried, by SQL state (servers sharing a database meet each other there).
 */
class StoreMetricsTest {

  @Test
  void batchTimesAndRetriesBySqlStateAreShown() {
    ServerMetrics metrics = new ServerMetrics();
    EventWriter.Listener listener = metrics.writerListener();
    listener.committed(120, Duration.ofMillis(30).toNanos());
    listener.committed(80, Duration.ofMillis(10).toNanos());
    listener.retried("40P01");
    listener.retried("40P01");
    listener.retried("40001");

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("kintsugi_store_batch_seconds_count 2")
        .contains("kintsugi_store_batch_seconds_sum 0.04")
        .contains("kintsugi_store_batch_events_sum 200.0")
        .contains("kintsugi_store_retries_total{sqlstate=\"40P01\"} 2.0")
        .contains("kintsugi_store_retries_total{sqlstate=\"40001\"} 1.0");
  }
}
