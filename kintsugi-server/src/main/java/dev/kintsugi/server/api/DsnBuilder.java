package dev.kintsugi.server.api;

import dev.kintsugi.server.store.Project;
import java.util.Optional;

/**
 * A project's DSN, {@code scheme://KEY@host[:port][/path]/ID}, as the REST API and the dashboard
 * show it: on the public URL the server was started with, else on the Host the request was sent to
 * (plain http, as a server without a public URL is reached directly).
 */
public final class DsnBuilder {
  private final Optional<String> publicUrl;

  /**
   * @param publicUrl base URL put in DSNs (e.g. {@code http://errors.example.com}); a trailing
   *     slash is dropped
   */
  public DsnBuilder(Optional<String> publicUrl) {
    this.publicUrl = publicUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  /** The DSN of {@code project}, for a request sent to {@code requestHost}. */
  public String dsn(Project project, String requestHost) {
    String base = publicUrl.orElseGet(() -> "http://" + requestHost);
    int scheme = base.indexOf("://") + 3;
    return base.substring(0, scheme)
        + project.dsnKey()
        + "@"
        + base.substring(scheme)
        + "/"
        + project.id();
  }
}
