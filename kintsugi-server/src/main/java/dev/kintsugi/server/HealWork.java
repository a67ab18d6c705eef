package dev.kintsugi.server;

import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.heal.FixNews;
import dev.kintsugi.server.heal.HealAdmission;
import dev.kintsugi.server.heal.HealScheduler;
import dev.kintsugi.server.metrics.ServerMetrics;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Store;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The heal scheduler over a database, built the same way by a server that heals and by a {@link
 * KintsugiWorker}: several of them, in several processes, share one PostgreSQL.
 */
final class HealWork {

  /** How often the heal scheduler looks for due incidents when nothing woke it. */
  static final Duration HEAL_POLL = Duration.ofSeconds(1);

  private HealWork() {}

  /** A scheduler (not started) healing with {@code healer}, up to {@code concurrency} at once. */
  static HealScheduler scheduler(
      Database db,
      Store store,
      ServerConfig config,
      IncidentHealer healer,
      int concurrency,
      Consumer<String> log,
      ServerMetrics metrics,
      FixNews news) {
    HealRunStore runs = new HealRunStore(db, config.clock());
    HealPolicyStore policies = new HealPolicyStore(db);
    String node = config.node();
    HealScheduler scheduler =
        new HealScheduler(
            store,
            runs,
            new HealAdmission(runs, policies, config.clock()),
            policies,
            new AuditStore(db, config.clock()),
            healer,
            HEAL_POLL,
            log,
            metrics.healListener(node),
            concurrency,
            new DeliverySettingsStore(db, config.clock()),
            new FixWatchStore(db, config.clock()),
            news,
            node,
            config.healLease());
    metrics.healNode(node, scheduler::running, runs::backlog);
    return scheduler;
  }
}
