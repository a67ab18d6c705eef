package dev.kintsugi.server.ingest;

import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks DSN keys against projects, with a short-lived cache so ingest does not read the database
 * per request. A rotated key is dropped at once on this server ({@link #forget}) and within {@link
 * #TTL} on others sharing the database.
 */
public final class ProjectKeys {
  static final Duration TTL = Duration.ofSeconds(30);

  private record Cached(Project project, Instant loaded) {}

  private final Store store;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  public ProjectKeys(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The project, if it exists. */
  Optional<Project> project(long id) {
    Instant now = clock.instant();
    Cached c = cache.get(id);
    if (c != null && c.loaded().plus(TTL).isAfter(now)) {
      return Optional.of(c.project());
    }
    Optional<Project> p = store.project(id);
    p.ifPresent(project -> cache.put(id, new Cached(project, now)));
    return p;
  }

  /** Whether {@code key} is the project's current DSN key (constant-time comparison). */
  static boolean matches(Project project, String key) {
    return MessageDigest.isEqual(
        project.dsnKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The project whose current DSN key a request carries, read as ingest reads it ({@code
   * X-Sentry-Auth}, {@code Authorization: Sentry ...} or the {@code sentry_key} query parameter):
   * for the agent's other endpoints. Empty when the project is unknown or the key missing or wrong.
   */
  public Optional<Project> authenticate(
      long projectId, String xSentryAuth, String authorization, String queryKey) {
    Optional<String> key = SentryAuth.key(xSentryAuth, authorization, queryKey);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return project(projectId).filter(p -> matches(p, key.get()));
  }

  /** Drops a project from the cache (after its key changed). */
  public void forget(long projectId) {
    cache.remove(projectId);
  }
}
