package dev.kintsugi.server.store;

/** The few statements whose portable form differs between H2 and PostgreSQL. */
enum Dialect {
  H2,
  POSTGRESQL;

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (want jdbc:h2:... or jdbc:postgresql:...): " + jdbcUrl);
  }

  /** Inserts an incident unless one with the same project and fingerprint exists. */
  String insertIncidentIfAbsent() {
    return switch (this) {
      case POSTGRESQL ->
          "INSERT INTO incident (project_id, fingerprint, title, culprit, status, event_count,"
              + " first_seen, last_seen) VALUES (?, ?, ?, ?, 'open', 0, ?, ?)"
              + " ON CONFLICT (project_id, fingerprint) DO NOTHING";
      // H2 has a single writer (embedded), so insert-where-not-exists cannot race.
      case H2 ->
          "INSERT INTO incident (project_id, fingerprint, title, culprit, status, event_count,"
              + " first_seen, last_seen) SELECT ?, ?, ?, ?, 'open', 0, ?, ? WHERE NOT EXISTS"
              + " (SELECT 1 FROM incident WHERE project_id = ? AND fingerprint = ?)";
    };
  }

  /** Records a release or environment of an incident unless already recorded. */
  String insertTagIfAbsent() {
    return switch (this) {
      case POSTGRESQL ->
          "INSERT INTO incident_tag (incident_id, tag_key, tag_value, first_seen)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
      case H2 ->
          "INSERT INTO incident_tag (incident_id, tag_key, tag_value, first_seen)"
              + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM incident_tag"
              + " WHERE incident_id = ? AND tag_key = ? AND tag_value = ?)";
    };
  }
}
