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
 * <p>Several processes may share one database (issue 17): server nodes that serve and work (the
 * default), server nodes that only serve ({@link Context#work()} false) and workers without HTTP
 * ({@link #startWork}). An extension's background work must then coordinate through the database
 * (each unit of work done by one node), and a route that must act on a node that does not work
 * stores what is to be done for a working node to pick up, never an in-memory call.
 *
 * <p>Stable API. Call exactly one of {@link #start} and {@link #startWork}, once, then {@link
 * #close}.
 */
public interface ServerExtension extends AutoCloseable {

  /**
   * Registers routes on {@code app} (before it listens) and, when {@link Context#work()}, starts
   * background work.
   *
   * @throws RuntimeException to stop the server from starting; the message says why
   */
  void start(Javalin app, Context context);

  /**
   * Starts the background work alone, with no routes (a worker process: {@code kintsugi worker --db
   * URL}). An extension without background work does nothing (the default).
   *
   * @throws RuntimeException to stop the worker from starting; the message says why
   */
  default void startWork(Context context) {}

  /** Stops background work; called before the database closes. */
  @Override
  void close();

  /** A name for this process among those sharing the database: {@code hostname-pid}. */
  static String defaultNodeId() {
    return dev.kintsugi.server.heal.HealScheduler.defaultNodeId(); // one id for heals and runbooks
  }

  /**
   * What the server shares with an extension.
   *
   * @param log where the extension reports what it does, one line at a time
   * @param webhooks where people hear news (the server's {@code KINTSUGI_NOTIFY})
   * @param approvals takes the extension's {@link RuntimeApprovals}, which the dashboard then
   *     offers on runs awaiting approval (the latest one given wins)
   * @param nodeId this process among those sharing the database (what owns a claimed unit of work;
   *     the server's {@code --node-id}), 1-200 characters
   * @param work whether this node does background work; false for a node that only serves
   */
  record Context(
      Database db,
      Store store,
      AuditStore audit,
      ObjectMapper json,
      Clock clock,
      Consumer<String> log,
      List<Webhook> webhooks,
      Consumer<RuntimeApprovals> approvals,
      String nodeId,
      boolean work) {
    public Context {
      Objects.requireNonNull(db, "db");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(json, "json");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(log, "log");
      webhooks = List.copyOf(webhooks);
      Objects.requireNonNull(approvals, "approvals");
      Objects.requireNonNull(nodeId, "nodeId");
      if (nodeId.isBlank() || nodeId.length() > 200) {
        throw new IllegalArgumentException(
            "nodeId must be 1-200 characters, not blank, was \"" + nodeId + "\"");
      }
    }

    /** A context of a node that serves and works, named {@link #defaultNodeId()}. */
    public Context(
        Database db,
        Store store,
        AuditStore audit,
        ObjectMapper json,
        Clock clock,
        Consumer<String> log,
        List<Webhook> webhooks,
        Consumer<RuntimeApprovals> approvals) {
      this(db, store, audit, json, clock, log, webhooks, approvals, defaultNodeId(), true);
    }

    /** This context with another node id. */
    public Context withNodeId(String id) {
      return new Context(db, store, audit, json, clock, log, webhooks, approvals, id, work);
    }

    /** This context for a node that only serves: routes, no background work. */
    public Context serveOnly() {
      return new Context(db, store, audit, json, clock, log, webhooks, approvals, nodeId, false);
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
