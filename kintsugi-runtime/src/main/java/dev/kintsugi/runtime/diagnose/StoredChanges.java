package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RecentChanges;
import dev.kintsugi.server.store.RecentChanges.ReleaseSeen;
import dev.kintsugi.server.store.Store;
import java.time.Instant;
import java.util.List;

/** {@link ChangeHistory} from the server's database; an unknown project has no changes. */
public final class StoredChanges implements ChangeHistory {
  private final Store store;
  private final RecentChanges changes;

  public StoredChanges(Store store, RecentChanges changes) {
    this.store = store;
    this.changes = changes;
  }

  @Override
  public List<ReleaseSeen> releasesFirstSeen(String project, Instant from, Instant to) {
    return store
        .projectNamed(project)
        .map(Project::id)
        .map(id -> changes.releasesFirstSeen(id, from, to))
        .orElse(List.of());
  }

  @Override
  public List<Incident> incidentsStarted(String project, Instant from, Instant to) {
    return store
        .projectNamed(project)
        .map(Project::id)
        .map(id -> changes.incidentsStarted(id, from, to))
        .orElse(List.of());
  }
}
