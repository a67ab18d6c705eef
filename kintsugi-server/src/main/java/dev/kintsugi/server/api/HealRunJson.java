package dev.kintsugi.server.api;

import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.HealStep;
import dev.kintsugi.server.store.TimedStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A heal run as REST shows it: its outcome so far and its stages, each with how long it took. */
final class HealRunJson {

  private HealRunJson() {}

  /**
   * @param steps the run's steps, first first
   * @param now what a running run's last stage is timed up to
   */
  static Map<String, Object> of(HealRun r, List<HealStep> steps, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("status", r.status());
    out.put("createdAt", r.createdAt().toString());
    out.put("updatedAt", r.updatedAt().toString());
    out.put("branch", r.branch().orElse(null));
    out.put("commit", r.commit().orElse(null));
    out.put("pullRequest", pullRequest(r.pullRequest(), r.pullRequestNumber()));
    out.put("decision", r.decision().orElse(null));
    out.put("merged", r.merged());
    out.put("mergeCommit", r.mergeCommit().orElse(null));
    out.put("mergedBy", r.mergedBy().orElse(null));
    out.put("review", r.review().map(HealRunJson::review).orElse(null));
    out.put("confidence", r.confidence().isPresent() ? r.confidence().getAsDouble() : null);
    out.put("summary", r.summary().orElse(null));
    out.put("trigger", r.trigger().orElse(null));
    out.put("reproduced", r.reproduced().orElse(null));
    out.put(
        "report",
        HealRunStore.FINAL.contains(r.status()) ? "/api/v1/heal-runs/" + r.id() + "/report" : null);
    out.put("stages", stages(r, steps, now));
    return out;
  }

  /** {@code {"by", "at", "verdict", "note"}}: a person's verdict on the fix. */
  private static Map<String, Object> review(HealRun.Review review) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("by", review.by());
    out.put("at", review.at().toString());
    out.put("verdict", review.verdict());
    out.put("note", review.note().orElse(null));
    return out;
  }

  /** {@code {"url", "number"}}, or null when there is none. */
  static Map<String, Object> pullRequest(
      java.util.Optional<String> url, java.util.Optional<Integer> number) {
    if (url.isEmpty()) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", url.get());
    out.put("number", number.orElse(null));
    return out;
  }

  private static List<Map<String, Object>> stages(HealRun r, List<HealStep> steps, Instant now) {
    List<Map<String, Object>> out = new ArrayList<>(steps.size());
    for (TimedStep timed : TimedStep.of(r, steps, now)) {
      Map<String, Object> stage = new LinkedHashMap<>();
      stage.put("stage", timed.step().stage());
      stage.put("message", timed.step().message());
      stage.put("at", timed.step().at().toString());
      stage.put("ms", timed.ms());
      out.add(stage);
    }
    return out;
  }
}
