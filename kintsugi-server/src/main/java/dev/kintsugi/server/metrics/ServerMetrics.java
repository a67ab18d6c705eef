package dev.kintsugi.server.metrics;

import dev.kintsugi.server.heal.HealScheduler;
import dev.kintsugi.server.store.EventWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's meters, exposed at {@code /metrics} in Prometheus text format: events accepted,
 * events rejected by reason, ingest latency (receipt to commit), commit batch sizes, queued
 * requests and open incidents.
 */
public final class ServerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Timer latency;
  private final DistributionSummary batch;
  private final Counter duplicates;
  private final Timer batchTime;
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();

  public ServerMetrics() {
    accepted =
        Counter.builder("kintsugi.events.accepted")
            .description("Events stored and acknowledged")
            .register(registry);
    latency =
        Timer.builder("kintsugi.ingest.latency")
            .description("From request receipt to committed acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    duplicates =
        Counter.builder("kintsugi.events.duplicate")
            .description("Events not stored again: their project and event id were stored already")
            .register(registry);
    batch =
        DistributionSummary.builder("kintsugi.store.batch.events")
            .description("Events per committed transaction")
            .register(registry);
    batchTime =
        Timer.builder("kintsugi.store.batch")
            .description(
                "How long the event writer's transactions took, retries included (several servers"
                    + " on one database wait on each other's incident rows here)")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  /** Counts events acknowledged after commit, and the request's latency. */
  public void accepted(int events, long latencyNanos) {
    accepted.increment(events);
    latency.record(Duration.ofNanos(latencyNanos));
  }

  /** Counts a refused request by reason (bad_key, too_large, malformed, overloaded, ...). */
  public void rejected(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("kintsugi.events.rejected")
                    .description("Requests refused, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /** A production heal ended with {@code status} (fixed, not_fixed, error). */
  public void healed(String status) {
    Counter.builder("kintsugi.heal.runs")
        .description("Production heal runs, by outcome")
        .tag("status", status)
        .register(registry)
        .increment();
  }

  /**
   * The heal scheduler's claims, lease losses and takeovers, counted per node ({@code node} tag):
   * several nodes share one database, and each exposes its own.
   */
  public HealScheduler.Listener healListener(String node) {
    Counter claimed =
        Counter.builder("kintsugi.heal.claimed")
            .description("Heal runs this node claimed")
            .tag("node", node)
            .register(registry);
    Counter takenOver =
        Counter.builder("kintsugi.heal.takeovers")
            .description("Heal runs this node took over from another node")
            .tag("node", node)
            .register(registry);
    Counter lost =
        Counter.builder("kintsugi.heal.lease.lost")
            .description("Heal runs whose lease this node lost to another node (heal abandoned)")
            .tag("node", node)
            .register(registry);
    return new HealScheduler.Listener() {
      @Override
      public void healed(String status) {
        ServerMetrics.this.healed(status);
      }

      @Override
      public void claimed(boolean takeover) {
        claimed.increment();
        if (takeover) {
          takenOver.increment();
        }
      }

      @Override
      public void leaseLost() {
        lost.increment();
      }
    };
  }

  /**
   * Gauges of a node's heal scheduler: the runs it heals now, and the heal backlog (queued, or
   * running with an expired lease), read from the database at each scrape.
   */
  public void healNode(String node, Supplier<Number> running, Supplier<Number> backlog) {
    Gauge.builder("kintsugi.heal.running", running)
        .description("Heal runs this node heals now")
        .tag("node", node)
        .register(registry);
    Gauge.builder("kintsugi.heal.backlog", () -> orNaN(backlog))
        .description("Heal runs waiting for a node: queued, or running with an expired lease")
        .tag("node", node)
        .register(registry);
  }

  /** A database that cannot be read shows as no value rather than a failed scrape. */
  private static Number orNaN(Supplier<Number> value) {
    try {
      return value.get();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The registry, for a process (a worker) that exposes these meters its own way. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Events dropped at storage as already stored (same project and event id). */
  public void duplicates(int events) {
    duplicates.increment(events);
  }

  /** Tells these metrics what the event writer commits and drops. */
  public EventWriter.Listener writerListener() {
    return new EventWriter.Listener() {
      @Override
      public void committed(int events, long nanos) {
        ServerMetrics.this.committed(events);
        batchTime.record(Duration.ofNanos(nanos));
      }

      @Override
      public void retried(String sqlState) {
        retries
            .computeIfAbsent(
                sqlState,
                state ->
                    Counter.builder("kintsugi.store.retries")
                        .description(
                            "Event-writer transactions retried after a deadlock (40P01) or a"
                                + " serialization failure (40001)")
                        .tag("sqlstate", state)
                        .register(registry))
            .increment();
      }

      @Override
      public void duplicates(int events) {
        ServerMetrics.this.duplicates(events);
      }
    };
  }

  /** A transaction of the event writer committed {@code events} events. */
  public void committed(int events) {
    batch.record(events);
  }

  /** Registers gauges read on each scrape. */
  public void gauges(Supplier<Number> openIncidents, Supplier<Number> backlog) {
    Gauge.builder("kintsugi.incidents.open", openIncidents)
        .description("Incidents open or regressed")
        .register(registry);
    Gauge.builder("kintsugi.ingest.backlog", backlog)
        .description("Events acknowledged (in the ingest journal) and not yet in the database")
        .register(registry);
  }

  /** A project's heal budget of one kind, and how much of it is used. */
  public record BudgetRow(String project, String budget, int limit, int used) {}

  private volatile Supplier<List<BudgetRow>> budgets = List::of;
  private final MultiGauge budgetLimit =
      MultiGauge.builder("kintsugi.heal.budget.limit")
          .description("Heal budget of each project, by kind")
          .register(registry);
  private final MultiGauge budgetUsed =
      MultiGauge.builder("kintsugi.heal.budget.used")
          .description("Heal budget used by each project, by kind (last hour, or in flight)")
          .register(registry);

  /** Heal budgets, read again at each scrape. */
  public void healBudgets(Supplier<List<BudgetRow>> budgets) {
    this.budgets = budgets;
  }

  /** Prometheus text exposition. */
  public String scrape() {
    List<BudgetRow> rows = budgets.get();
    budgetLimit.register(
        rows.stream()
            .map(
                r ->
                    MultiGauge.Row.of(
                        Tags.of("project", r.project(), "budget", r.budget()), r.limit()))
            .toList(),
        true);
    budgetUsed.register(
        rows.stream()
            .map(
                r ->
                    MultiGauge.Row.of(
                        Tags.of("project", r.project(), "budget", r.budget()), r.used()))
            .toList(),
        true);
    return registry.scrape();
  }
}
