package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered service: its DSN key authenticates ingest, its repository (a path or git URL) is
 * where production healing works, and its in-app package prefixes decide which stack frames group
 * errors; {@code autoHeal} says when its incidents are healed without being asked.
 */
public record Project(
    long id,
    String name,
    String dsnKey,
    Optional<String> repo,
    List<String> inAppPrefixes,
    Instant createdAt,
    AutoHeal autoHeal) {

  public Project {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dsnKey, "dsnKey");
    Objects.requireNonNull(repo, "repo");
    inAppPrefixes = List.copyOf(inAppPrefixes);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(autoHeal, "autoHeal");
  }
}
