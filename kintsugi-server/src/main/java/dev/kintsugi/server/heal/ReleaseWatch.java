package dev.kintsugi.server.heal;

import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asks the healer to prepare what incidents will need before they arrive: the default branch of
 * every project that heals (when it is registered or the server starts, and again every {@link
 * #HEAD_AGAIN} to catch new commits), and each release first seen in a project's events. Releases
 * come from events, which anyone with the DSN key can send: each is asked for once, and at most
 * {@link #RELEASES_PER_HOUR} per project and hour; the healer builds only trusted commits.
 */
final class ReleaseWatch {

  static final Duration HEAD_AGAIN = Duration.ofMinutes(10);
  static final int RELEASES_PER_HOUR = 10;

  private final Store store;
  private final HealPolicyStore policies;
  private final IncidentHealer healer;
  private final Clock clock;
  private final Consumer<String> log;

  /** When each (project, repository, release or "") was last asked for. */
  private final Map<String, Instant> asked = new HashMap<>();

  ReleaseWatch(
      Store store,
      HealPolicyStore policies,
      IncidentHealer healer,
      Clock clock,
      Consumer<String> log) {
    this.store = store;
    this.policies = policies;
    this.healer = healer;
    this.clock = clock;
    this.log = log;
  }

  /** One look at the projects; called by the scheduler's polling. */
  synchronized void look() {
    Instant now = clock.instant();
    // A release asked for a day ago is not asked for again (its preparation is on disk, or it was
    // not trusted); forgetting it keeps this map small on a server that runs for months.
    asked.values().removeIf(at -> at.isBefore(now.minus(Duration.ofDays(1))));
    for (Project project : store.projects()) {
      if (project.repo().isEmpty() || project.autoHeal().mode() == AutoHeal.Mode.OFF) {
        continue;
      }
      String repo = project.repo().get();
      List<String> trusted = policies.get(project.id()).trustedRefs();
      String head = project.id() + "\n" + repo + "\n";
      Instant last = asked.get(head);
      if (last == null || !last.plus(HEAD_AGAIN).isAfter(now)) {
        asked.put(head, now);
        healer.prepare(repo, null, trusted);
      }
      Instant hourAgo = now.minus(Duration.ofHours(1));
      long recent =
          asked.entrySet().stream()
              .filter(e -> e.getKey().startsWith(head) && !e.getKey().equals(head))
              .filter(e -> e.getValue().isAfter(hourAgo))
              .count();
      for (String release : store.releasesSince(project.id(), hourAgo, RELEASES_PER_HOUR)) {
        if (recent >= RELEASES_PER_HOUR) {
          break;
        }
        if (asked.putIfAbsent(head + release, now) == null) {
          recent++;
          log.accept("preparing release " + release + " of project " + project.name());
          healer.prepare(repo, release, trusted);
        }
      }
    }
  }
}
