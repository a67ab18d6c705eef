package dev.kintsugi.runtime.canary;

import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.RecentChanges;
import dev.kintsugi.server.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The incidents a release's events fell into in a window, each classified for the canary. */
final class ReleaseIncidents {

  private final Store store;
  private final RecentChanges changes;

  ReleaseIncidents(Store store, RecentChanges changes) {
    this.store = store;
    this.changes = changes;
  }

  List<CanaryIncident> of(long projectId, String release, Instant from, Instant to) {
    return changes.incidentsOfRelease(projectId, release, from, to).stream()
        .map(r -> classify(r.incident(), r.events(), release, from))
        .toList();
  }

  private CanaryIncident classify(Incident i, long events, String release, Instant from) {
    Optional<String> first = store.tagValues(i.id(), "release").stream().findFirst();
    CanaryIncident.Kind kind;
    if (i.status() == IncidentStatus.IGNORED) {
      kind = CanaryIncident.Kind.IGNORED;
    } else if (i.firstSeen().isBefore(from)) {
      kind = CanaryIncident.Kind.KNOWN;
    } else if (first.isEmpty() || first.get().equals(release)) {
      kind = CanaryIncident.Kind.NEW;
    } else {
      kind = CanaryIncident.Kind.SHARED;
    }
    return new CanaryIncident(
        i.id(),
        i.fingerprint(),
        i.title(),
        i.status().wireName(),
        i.firstSeen(),
        first,
        events,
        kind);
  }
}
