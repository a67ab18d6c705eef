package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.notify.Notification;
import dev.kintsugi.server.heal.FixNews;
import dev.kintsugi.server.store.FixWatch;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Merges people make by hand, under the admin token ({@link RestApi} registers the authentication
 * and the error mapping): {@code POST /api/v1/heal-runs/{id}/merged} {@code {"mergeCommit"?: sha,
 * "by": name}} records that the run's fix was merged ({@code pull_request.merged}, actor {@code
 * by}), resolves the incident and watches the fix after release; answers the run with its {@code
 * watch}. 404 for an unknown run, 409 for a run without a fix or whose fix was merged already, 400
 * for a bad field. A {@code merged} notification goes to the server's webhooks.
 */
public final class FixWatchApi {

  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");
  static final int MAX_BY = 200;

  private final Store store;
  private final HealRunStore runs;
  private final FixWatchStore watches;
  private final FixNews news;
  private final ObjectMapper json;
  private final Clock clock;

  public FixWatchApi(
      Store store,
      HealRunStore runs,
      FixWatchStore watches,
      FixNews news,
      ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.runs = runs;
    this.watches = watches;
    this.news = news;
    this.json = json;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.post("/api/v1/heal-runs/{id}/merged", this::merged);
  }

  private void merged(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiError(404, "no such id: " + ctx.pathParam("id"));
    }
    JsonNode body;
    try {
      body = json.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new ApiError(400, "body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "body must be a JSON object");
    }
    ProjectFields.onlyKnown(body, java.util.Set.of("mergeCommit", "by"));
    Optional<String> mergeCommit = Optional.empty();
    JsonNode m = body.get("mergeCommit");
    if (m != null && !m.isNull()) {
      if (!m.isTextual() || !SHA.matcher(m.asText().strip()).matches()) {
        throw new ApiError(400, "mergeCommit must be a commit id (7-40 hex digits)");
      }
      mergeCommit = Optional.of(m.asText().strip().toLowerCase(java.util.Locale.ROOT));
    }
    JsonNode b = body.get("by");
    String by = b != null && b.isTextual() ? b.asText().strip() : "";
    if (by.isEmpty() || by.length() > MAX_BY) {
      throw new ApiError(400, "by is required: who merged it, 1-" + MAX_BY + " characters");
    }
    if (by.codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      throw new ApiError(400, "by must not contain control or formatting characters");
    }
    HealRun run = store.healRun(id).orElseThrow(() -> new ApiError(404, "no heal run " + id));
    FixWatch watch;
    try {
      watch = watches.merged(id, mergeCommit, by);
    } catch (FixWatchStore.MergeRefused e) {
      throw new ApiError(409, e.getMessage());
    }
    HealRun now = store.healRun(id).orElse(run);
    tell(now, by);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidentId", now.incidentId());
    out.putAll(HealRunJson.of(now, runs.steps(id), clock.instant()));
    out.put("watch", WatchJson.of(watch));
    ctx.json(out);
  }

  private void tell(HealRun run, String by) {
    Optional<Incident> incident = store.incident(run.incidentId());
    Optional<Project> project = incident.flatMap(i -> store.project(i.projectId()));
    news.tell(
        new Notification(
            Notification.Event.MERGED,
            project.flatMap(Project::repo).orElse(project.map(Project::name).orElse("")),
            incident.map(Incident::title).orElse("incident " + run.incidentId()),
            "merged by " + by + "; watched after release",
            run.branch().orElse(""),
            run.pullRequest(),
            run.confidence().orElse(0),
            run.decision().orElse("merged by a person")));
  }
}
