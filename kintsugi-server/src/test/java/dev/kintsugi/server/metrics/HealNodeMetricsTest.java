package dev.kintsugi.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.heal.HealScheduler;
import org.junit.jupiter.api.Test;

/** A node's heal meters, tagged with its node id, as {@code /metrics} shows them. */
class HealNodeMetricsTest {

  @Test
  void claimsTakeoversLostLeasesRunningAndBacklogAreShownPerNode() {
    ServerMetrics metrics = new ServerMetrics();
    HealScheduler.Listener listener = metrics.healListener("node-a");
    listener.claimed(false);
    listener.claimed(true);
    listener.leaseLost();
    listener.healed("fixed");
    metrics.healNode("node-a", () -> 2, () -> 5L);

    String scrape = metrics.scrape();

    assertThat(scrape)
        .contains("kintsugi_heal_claimed_total{node=\"node-a\"} 2.0")
        .contains("kintsugi_heal_takeovers_total{node=\"node-a\"} 1.0")
        .contains("kintsugi_heal_lease_lost_total{node=\"node-a\"} 1.0")
        .contains("kintsugi_heal_running{node=\"node-a\"} 2.0")
        .contains("kintsugi_heal_backlog{node=\"node-a\"} 5.0")
        .contains("kintsugi_heal_runs_total{status=\"fixed\"} 1.0");
  }

  @Test
  void aBacklogThatCannotBeReadShowsNoValueRatherThanFailingTheScrape() {
    ServerMetrics metrics = new ServerMetrics();
    metrics.healNode(
        "node-b",
        () -> 0,
        () -> {
          throw new IllegalStateException("database down");
        });

    assertThat(metrics.scrape()).contains("kintsugi_heal_backlog{node=\"node-b\"} NaN");
  }
}
