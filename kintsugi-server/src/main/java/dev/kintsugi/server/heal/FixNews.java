package dev.kintsugi.server.heal;

import dev.kintsugi.core.notify.Notification;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.core.notify.Webhooks;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's notifications ({@code KINTSUGI_NOTIFY}): a regression the recurrence watch found, a
 * merge a person reported or approved. Sent on a thread of their own, one at a time, so a slow
 * webhook (up to its timeout) never holds up a request or the watch; a webhook that refuses is
 * logged, never retried: news, not a step of anything. Heals send their own news (fix proposed,
 * approval needed, merged) with the same webhooks, which the scheduler hands them.
 */
public final class FixNews implements AutoCloseable {

  private final List<Webhook> webhooks;
  private final Webhooks sender;
  private final Consumer<String> log;
  private final ExecutorService thread;

  public FixNews(List<Webhook> webhooks, Clock clock, Consumer<String> log) {
    this.webhooks = List.copyOf(webhooks);
    this.sender = new Webhooks(webhooks, clock);
    this.log = log;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kintsugi-notify");
              t.setDaemon(true);
              return t;
            });
  }

  /** The webhooks, for heals to send their own news to. */
  public List<Webhook> webhooks() {
    return webhooks;
  }

  /** Sends {@code n} to every webhook, later; returns at once. */
  public void tell(Notification n) {
    if (webhooks.isEmpty()) {
      return;
    }
    try {
      thread.execute(
          () -> sender.send(n).forEach(failure -> log.accept("notification: " + failure)));
    } catch (RejectedExecutionException e) {
      log.accept("notification not sent: the server is stopping");
    }
  }

  /**
   * Tells the webhooks that a person's run was merged (reported merged, or approved and merged),
   * later; returns at once.
   *
   * @param summary what happened, one line ({@code merged by ana; watched after release})
   */
  public void merged(Store store, HealRun run, String summary) {
    if (webhooks.isEmpty()) {
      return;
    }
    Optional<Incident> incident = store.incident(run.incidentId());
    Optional<Project> project = incident.flatMap(i -> store.project(i.projectId()));
    tell(
        new Notification(
            Notification.Event.MERGED,
            project.flatMap(Project::repo).orElse(project.map(Project::name).orElse("")),
            incident.map(Incident::title).orElse("incident " + run.incidentId()),
            summary,
            run.branch().orElse(""),
            run.pullRequest(),
            run.confidence().orElse(0),
            run.decision().orElse("merged by a person")));
  }

  /** Sends what is queued (each webhook waits at most its timeout), then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
