package dev.kintsugi.runtime.action;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.circuit.CircuitStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link Circuits} kept in the server's database ({@link CircuitStore}), where the agents of the
 * project poll them. Projects are named by their name; when several projects share it, each gets
 * the change. Opened and closed by {@link AuditRecord#SYSTEM} in the audit trail.
 */
public final class ServerCircuits implements Circuits {

  private final Store store;
  private final CircuitStore circuits;

  public ServerCircuits(Store store, CircuitStore circuits) {
    this.store = store;
    this.circuits = circuits;
  }

  /** Over the database, audit trail and clock a server shares with its extensions. */
  public static ServerCircuits of(ServerExtension.Context context) {
    return new ServerCircuits(
        context.store(), new CircuitStore(context.db(), context.audit(), context.clock()));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when no project has that name, or the method, fallback or ttl
   *     is not valid
   */
  @Override
  public void open(String project, String method, Optional<String> fallback, Duration ttl) {
    for (Project p : projects(project)) {
      circuits.open(p.id(), method, fallback, ttl, AuditRecord.SYSTEM);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when no project has that name
   */
  @Override
  public void close(String project, String method) {
    for (Project p : projects(project)) {
      circuits.close(p.id(), method, AuditRecord.SYSTEM);
    }
  }

  private List<Project> projects(String name) {
    List<Project> named = store.projects().stream().filter(p -> p.name().equals(name)).toList();
    if (named.isEmpty()) {
      throw new IllegalArgumentException("no project named '" + name + "'");
    }
    return named;
  }
}
