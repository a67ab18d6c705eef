package dev.kintsugi.server.heal;

import dev.kintsugi.server.store.HealPolicy;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.HealRunStore.Due;
import dev.kintsugi.server.store.HealRunStore.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Admits due incidents to the heal queue within their project's {@link HealPolicy}: every heal is a
 * full build on the heal host, and a DSN key holder can mint new fingerprints at will, so heals per
 * hour, heals at once and new-incident heals per hour are capped. A new incident seen once also
 * waits a little for a second event, so that its reproduction may call its frames. Those held back
 * wait, and the incident says why.
 */
public final class HealAdmission {

  private final HealRunStore runs;
  private final HealPolicyStore policies;
  private final Clock clock;

  public HealAdmission(HealRunStore runs, HealPolicyStore policies, Clock clock) {
    this.runs = runs;
    this.policies = policies;
    this.clock = clock;
  }

  /**
   * Queues what the budgets allow, records why the rest waits; returns how many were queued.
   * Synchronized: this process's heal threads would only race to the same incidents. Across nodes,
   * {@link HealRunStore#queue} locks the incident's row, so each is queued once; a project's budget
   * is read before, so nodes admitting at the same instant may each queue one of its heals.
   */
  public synchronized int admit() {
    Instant now = clock.instant();
    Map<Long, HealPolicy> policy = new HashMap<>();
    Map<Long, Usage> usage = new HashMap<>();
    Map<Long, String> waiting = new LinkedHashMap<>();
    int queued = 0;
    for (Due due : runs.due()) {
      HealPolicy p = policy.computeIfAbsent(due.projectId(), policies::get);
      Usage u = usage.computeIfAbsent(due.projectId(), runs::usage);
      Optional<String> wait = reasonToWait(p, u, due, now);
      if (wait.isPresent()) {
        waiting.put(due.incidentId(), wait.get());
        continue;
      }
      if (runs.queue(due).isEmpty()) {
        continue; // another node queued it since due() was read
      }
      queued++;
      boolean isNew = HealRunStore.KIND_NEW.equals(due.kind());
      usage.put(
          due.projectId(),
          new Usage(
              u.lastHour() + 1,
              u.newLastHour() + (isNew ? 1 : 0),
              u.inFlight() + 1,
              Optional.of(u.oldest().orElse(now)),
              isNew ? Optional.of(u.oldestNew().orElse(now)) : u.oldestNew()));
    }
    runs.holdBack(waiting);
    return queued;
  }

  /** Why {@code due} may not be queued now, or empty when it may. */
  static Optional<String> reasonToWait(HealPolicy p, Usage u, Due due, Instant now) {
    boolean isNew = HealRunStore.KIND_NEW.equals(due.kind());
    Instant graceEnds = due.firstSeen().plus(HealPolicy.SECOND_EVENT_GRACE);
    if (isNew && due.eventCount() < p.minFrameEvents() && now.isBefore(graceEnds)) {
      return Optional.of(
          "waiting for the error to be seen in "
              + p.minFrameEvents()
              + " events (seen in "
              + due.eventCount()
              + ") so that a reproduction test may call its frames; heals without one at "
              + at(graceEnds));
    }
    if (u.inFlight() >= p.concurrentHeals()) {
      return Optional.of(
          "over the heal budget: "
              + u.inFlight()
              + " heal(s) of this project queued or running, at most "
              + p.concurrentHeals()
              + " at once");
    }
    if (u.lastHour() >= p.healsPerHour()) {
      return Optional.of(
          "over the heal budget: "
              + u.lastHour()
              + " heal(s) of this project in the last hour, at most "
              + p.healsPerHour()
              + " per hour"
              + u.oldest().map(o -> "; next at " + at(o.plusSeconds(3600))).orElse(""));
    }
    if (isNew && u.newLastHour() >= p.newFingerprintHealsPerHour()) {
      return Optional.of(
          "over the heal budget: "
              + u.newLastHour()
              + " heal(s) of new incidents of this project in the last hour, at most "
              + p.newFingerprintHealsPerHour()
              + " per hour"
              + u.oldestNew().map(o -> "; next at " + at(o.plusSeconds(3600))).orElse(""));
    }
    return Optional.empty();
  }

  private static String at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
