package dev.kintsugi.server.web;

import io.javalin.http.HttpStatus;

/**
 * A person's decision on a heal's fix, taken from the incident page: approve (merge) it, or reject
 * it with a reason. Each returns the line shown to the person, or throws a {@link WebError} saying
 * why it cannot be done (no such run, not a fixed and unmerged one, no reason given).
 */
interface FixDecisions {

  String approve(long runId, String by);

  String reject(long runId, String by, String reason);

  /** Where no one decides fixes from the dashboard. */
  FixDecisions UNAVAILABLE =
      new FixDecisions() {
        @Override
        public String approve(long runId, String by) {
          throw unavailable();
        }

        @Override
        public String reject(long runId, String by, String reason) {
          throw unavailable();
        }

        private WebError unavailable() {
          return new WebError(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Fixes cannot be approved or rejected from this dashboard yet.");
        }
      };
}
