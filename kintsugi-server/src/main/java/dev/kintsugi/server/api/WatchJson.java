package dev.kintsugi.server.api;

import dev.kintsugi.server.store.FixWatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fix watched after release, as REST shows it: the incident's story after its fix was merged. */
final class WatchJson {

  private WatchJson() {}

  static Map<String, Object> of(FixWatch w) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", w.state());
    out.put("healRunId", w.healRunId());
    out.put("fixCommit", w.fixCommit());
    out.put("mergeCommit", w.mergeCommit().orElse(null));
    out.put("since", w.since().toString());
    out.put("regressedIn", w.regressedIn().orElse(null));
    out.put("regressedAt", w.regressedAt().map(Instant::toString).orElse(null));
    out.put("revertBranch", w.revertBranch().orElse(null));
    out.put("revertCommit", w.revertCommit().orElse(null));
    out.put(
        "revertPullRequest",
        HealRunJson.pullRequest(w.revertPullRequestUrl(), w.revertPullRequestNumber()));
    out.put("revert", w.revertSummary().orElse(null));
    out.put("ledger", w.ledger().orElse(null));
    return out;
  }
}
