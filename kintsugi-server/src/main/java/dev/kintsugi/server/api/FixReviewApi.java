package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.heal.FixReview;
import dev.kintsugi.server.store.HealRunStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * People's verdicts on fixes that were not merged, under the admin token ({@link RestApi} registers
 * the authentication and the error mapping), carried out by {@link FixReview}:
 *
 * <ul>
 *   <li>{@code POST /api/v1/heal-runs/{id}/approve} {@code {"by"}}: merges the fix (its pull
 *       request through the forge, else its branch into the base branch); answers the run with
 *       {@code outcome} ({@code merged}: with its {@code watch}; {@code approved_not_merged}: the
 *       {@code summary} says why and what to do) and {@code summary}. An approval that did nothing
 *       ({@code failed}: the fix conflicts, the forge refused) is a 409 whose {@code error} says
 *       why.
 *   <li>{@code POST /api/v1/heal-runs/{id}/reject} {@code {"by", "reason"?}}: records the fix as
 *       rejected in the fix ledger, closes its pull request, reopens the incident; answers the run
 *       with {@code outcome: rejected} and {@code summary}.
 * </ul>
 *
 * 404 for an unknown run, 409 for a run that is not a fix waiting for a verdict (not fixed, merged,
 * rejected already), 400 for a bad field. Runs show the verdict as {@code review}.
 */
public final class FixReviewApi {

  private final FixReview review;
  private final HealRunStore runs;
  private final ObjectMapper json;
  private final Clock clock;

  public FixReviewApi(FixReview review, HealRunStore runs, ObjectMapper json, Clock clock) {
    this.review = review;
    this.runs = runs;
    this.json = json;
    this.clock = clock;
  }

  public void register(Javalin app) {
    app.post(
        "/api/v1/heal-runs/{id}/approve",
        ctx -> {
          long id = RestApi.id(ctx);
          JsonNode body = body(ctx, Set.of("by"));
          answer(ctx, id, () -> review.approve(id, text(body, "by")));
        });
    app.post(
        "/api/v1/heal-runs/{id}/reject",
        ctx -> {
          long id = RestApi.id(ctx);
          JsonNode body = body(ctx, Set.of("by", "reason"));
          JsonNode reason = body.get("reason");
          if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw new ApiError(400, "reason must be text");
          }
          answer(ctx, id, () -> review.reject(id, text(body, "by"), text(body, "reason")));
        });
  }

  private JsonNode body(Context ctx, Set<String> fields) {
    JsonNode body = RestApi.body(ctx, json);
    ProjectFields.onlyKnown(body, fields);
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private void answer(Context ctx, long id, Supplier<FixReview.Result> verdict) {
    FixReview.Result result;
    try {
      result = verdict.get();
    } catch (FixReview.Refused e) {
      throw new ApiError(e.status(), e.getMessage());
    }
    if (result.failed()) {
      ctx.status(409).json(Map.of("error", result.summary(), "outcome", result.outcome()));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidentId", result.run().incidentId());
    out.putAll(HealRunJson.of(result.run(), runs.steps(id), clock.instant()));
    out.put("outcome", result.outcome());
    out.put("summary", result.summary());
    out.put("watch", result.watch().map(WatchJson::of).orElse(null));
    ctx.json(out);
  }
}
