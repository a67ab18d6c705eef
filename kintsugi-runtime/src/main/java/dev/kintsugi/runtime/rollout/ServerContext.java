package dev.kintsugi.runtime.rollout;

import java.net.URI;
import java.util.Objects;

/**
 * The Kintsugi server a rollout asks about the canary's release: each judgement is sent to its
 * canary analysis (audited there) and fails when the canary's release raised an incident Kintsugi
 * knows, or a new one.
 *
 * @param url the server
 * @param tokenEnv the environment variable holding its admin token (never in the file)
 * @param project the project the canary's errors are reported to
 * @param release the canary's release, as its SDK or agent reports it
 */
public record ServerContext(URI url, String tokenEnv, String project, String release) {

  public ServerContext {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(tokenEnv, "tokenEnv");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(release, "release");
  }
}
