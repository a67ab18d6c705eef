package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;

/**
 * The {@link AuditLog} a heal run is given: its records go to the server's trail ({@link
 * AuditStore}) under the run's project, incident and run, each committed before {@link #append}
 * returns.
 */
public final class ServerAuditLog implements AuditLog {

  private final AuditStore store;
  private final Long project;
  private final Long incident;
  private final Long healRun;

  /** Records under these ids; any may be null (not about one). */
  public ServerAuditLog(AuditStore store, Long project, Long incident, Long healRun) {
    this.store = store;
    this.project = project;
    this.incident = incident;
    this.healRun = healRun;
  }

  @Override
  public void append(AuditRecord record) {
    try {
      store.append(project, incident, healRun, record);
    } catch (StoreException | IllegalArgumentException e) {
      throw new AuditException(
          "cannot record " + record.action() + " in the audit trail: " + e.getMessage(), e);
    }
  }
}
