package dev.kintsugi.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A part of Kintsugi that lives in the server's process without the server depending on it (the
 * runtime remediation module): it adds routes and background work over the server's database. Its
 * routes under {@code /api/v1/} need the admin token like the server's own.
 *
 * <p>Stable API.
 */
public interface ServerExtension extends AutoCloseable {

  /**
   * Registers routes on {@code app} (before it listens) and starts background work.
   *
   * @throws RuntimeException to stop the server from starting; the message says why
   */
  void start(Javalin app, Context context);

  /**
   * Starts background work only, with no routes: what a {@code kintsugi worker} process runs.
   *
   * @throws RuntimeException to stop the worker from starting; the message says why
   */
  default void startWork(Context context) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no worker role");
  }

  /** Stops background work; called before the database closes. */
  @Override
  void close();

  /**
   * What the server shares with an extension.
   *
   * @param log where the extension reports what it does, one line at a time
   * @param webhooks where people hear news (the server's {@code KINTSUGI_NOTIFY})
   * @param approvals takes the extension's {@link RuntimeApprovals}, which the dashboard then
   *     offers on runs awaiting approval (the latest one given wins)
   */
  record Context(
      Database db,
      Store store,
      AuditStore audit,
      ObjectMapper json,
      Clock clock,
      Consumer<String> log,
      List<Webhook> webhooks,
      Consumer<RuntimeApprovals> approvals) {
    public Context {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(json, "json");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(log, "log");
      webhooks = List.copyOf(webhooks);
      Objects.requireNonNull(approvals, "approvals");
    }

    /** A context whose approvals go nowhere (no dashboard to offer them). */
    public Context(
        Database db,
        Store store,
        AuditStore audit,
        ObjectMapper json,
        Clock clock,
        Consumer<String> log,
        List<Webhook> webhooks) {
      this(db, store, audit, json, clock, log, webhooks, approvals -> {});
    }
  }
}
