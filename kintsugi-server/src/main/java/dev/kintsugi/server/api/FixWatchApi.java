package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.heal.FixNews;
import dev.kintsugi.server.store.FixWatch;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.PersonName;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
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
    long id = RestApi.id(ctx);
    JsonNode body = RestApi.body(ctx, json);
    ProjectFields.onlyKnown(body, java.util.Set.of("mergeCommit", "by"));
    Optional<String> mergeCommit = Optional.empty();
    JsonNode m = body.get("mergeCommit");
    if (m != null && !m.isNull()) {
      if (!m.isTextual() || !SHA.matcher(m.asText().strip()).matches()) {
        throw new ApiError(400, "mergeCommit must be a commit id (7-40 hex digits)");
      }
      mergeCommit = Optional.of(m.asText().strip().toLowerCase(java.util.Locale.ROOT));
    }
    String by = by(body, "who merged it");
    HealRun run = store.healRun(id).orElseThrow(() -> new ApiError(404, "no heal run " + id));
    FixWatch watch;
    try {
      watch = watches.merged(id, mergeCommit, by);
    } catch (FixWatchStore.MergeRefused e) {
      throw new ApiError(409, e.getMessage());
    }
    HealRun now = store.healRun(id).orElse(run);
    news.merged(store, now, "merged by " + by + "; watched after release");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidentId", now.incidentId());
    out.putAll(HealRunJson.of(now, runs.steps(id), clock.instant()));
    out.put("watch", WatchJson.of(watch));
    ctx.json(out);
  }

  /**
   * The person's name in {@code body.by}, checked ({@link PersonName}); 400 naming what is wrong.
   *
   * @param who what the name says ({@code who merged it})
   */
  static String by(JsonNode body, String who) {
    JsonNode b = body.get("by");
    try {
      return PersonName.check(b != null && b.isTextual() ? b.asText() : null, who);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }
}
