package dev.kintsugi.cli;

import java.util.Map;
import java.util.Optional;

/**
 * The database a server or worker uses: {@code --db}, else the environment's {@code
 * KINTSUGI_DB_URL} (so a PostgreSQL password can come from a secret instead of a command line that
 * every user of the machine can read), else none (the embedded H2 default).
 */
final class DatabaseUrl {

  static final String ENV = "KINTSUGI_DB_URL";

  private DatabaseUrl() {}

  /**
   * @throws IllegalArgumentException naming where the URL came from when it is not a JDBC URL of a
   *     database Kintsugi runs on
   */
  static Optional<String> of(String option, Map<String, String> env) {
    String from = "--db";
    String url = option;
    if (url == null) {
      url = env.get(ENV);
      from = ENV;
      if (url == null || url.isBlank()) {
        return Optional.empty();
      }
    }
    if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      // The URL may hold a password: name its kind, never echo it.
      throw new IllegalArgumentException(
          from + " must be jdbc:postgresql://... or jdbc:h2:..., was " + kind(url));
    }
    return Optional.of(url);
  }

  private static String kind(String url) {
    int colon = url.indexOf(':', "jdbc:".length());
    return url.startsWith("jdbc:") && colon > 0
        ? url.substring(0, colon + 1) + "..."
        : "not a JDBC URL";
  }
}
