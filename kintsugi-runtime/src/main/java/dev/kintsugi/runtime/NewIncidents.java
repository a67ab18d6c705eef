package dev.kintsugi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoredEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns incidents that ingest opened into {@link RuntimeSignal.NewIncident} signals, so runbooks
 * can react to an error ({@code when: {incident: {exception: java.lang.OutOfMemoryError}}}). It
 * reads the database, not ingest's memory: it sees incidents opened through any server sharing it.
 * Incidents that existed when it started are not news.
 */
final class NewIncidents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database db;
  private final Store store;
  private final Consumer<RuntimeSignal> sink;
  private final Map<Long, String> projectNames = new HashMap<>();
  private long seen;

  NewIncidents(Database db, Store store, Consumer<RuntimeSignal> sink) throws SQLException {
    this.db = db;
    this.store = store;
    this.sink = sink;
    this.seen = newestId();
  }

  /** Emits a signal for each error incident opened since the last call. */
  void poll() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, project_id, fingerprint, first_seen FROM incident"
                    + " WHERE id > ? AND kind = 'error' ORDER BY id")) {
      ps.setLong(1, seen);
      ps.setMaxRows(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          seen = Math.max(seen, id);
          Optional<String> project = projectName(rs.getLong(2));
          if (project.isPresent()) {
            sink.accept(
                new RuntimeSignal.NewIncident(
                    project.get(),
                    id,
                    rs.getString(3),
                    exceptionType(id),
                    rs.getObject(4, OffsetDateTime.class).toInstant()));
          }
        }
      }
    }
  }

  private long newestId() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM incident");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Optional<String> projectName(long id) {
    String name = projectNames.get(id);
    if (name == null) {
      name = store.project(id).map(p -> p.name()).orElse(null);
      if (name != null) {
        projectNames.put(id, name);
      }
    }
    return Optional.ofNullable(name);
  }

  /**
   * The top exception's type, qualified by its module as Sentry SDKs send it ({@code
   * java.lang.ArithmeticException}); empty when the event has none.
   */
  private String exceptionType(long incident) {
    Optional<StoredEvent> event = store.latestEvent(incident);
    if (event.isEmpty()) {
      return "";
    }
    try {
      JsonNode values = JSON.readTree(event.get().payload()).path("exception").path("values");
      if (!values.isArray() || values.isEmpty()) {
        return "";
      }
      JsonNode top = values.get(values.size() - 1);
      String type = top.path("type").asText("");
      String module = top.path("module").asText("");
      return module.isEmpty() || type.contains(".") ? type : module + "." + type;
    } catch (IOException e) {
      return "";
    }
  }
}
