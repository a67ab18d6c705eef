package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.audit.AuditHead;
import dev.kintsugi.core.audit.AuditJson;
import dev.kintsugi.core.audit.AuditVerification;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail over REST, under the admin token ({@link RestApi} registers the authentication
 * and the error mapping). Entries are {@link AuditJson}'s objects, hashes included.
 *
 * <ul>
 *   <li>{@code GET /api/v1/audit[?project=ID][&incident=ID][&after=SEQ][&limit=N]} → the entries
 *       after seq {@code after} (default 0), in seq order, at most {@code limit} (1-1000, default
 *       100): page on with the last one's seq
 *   <li>{@code GET /api/v1/audit/export[?project=ID]} → {@code application/x-ndjson}, one entry a
 *       line: every chain, or the project's chain alone (each project is a chain of its own, so it
 *       verifies alone: {@code kintsugi audit verify --file})
 *   <li>{@code GET /api/v1/audit/verify[?project=ID]} → {@code {"ok", "entries", "firstBad":
 *       {"seq", "why"} | null, "heads": [{"project", "seq", "hash"}]}}: the heads are what to keep
 *       elsewhere, to detect a trail rewritten from its start
 * </ul>
 */
public final class AuditApi {

  private final AuditStore audit;
  private final Store store;
  private final ObjectMapper json;

  public AuditApi(AuditStore audit, Store store, ObjectMapper json) {
    this.audit = audit;
    this.store = store;
    this.json = json;
  }

  public void register(Javalin app) {
    app.get("/api/v1/audit", this::list);
    app.get("/api/v1/audit/export", this::export);
    app.get("/api/v1/audit/verify", this::verify);
  }

  private void list(Context ctx) {
    Optional<Long> project = project(ctx);
    Optional<Long> incident = number(ctx, "incident", 1, Long.MAX_VALUE);
    long after = number(ctx, "after", 0, Long.MAX_VALUE).orElse(0L);
    int limit = number(ctx, "limit", 1, 1000).orElse(100L).intValue();
    ctx.json(audit.page(project, incident, after, limit).stream().map(AuditJson::fields).toList());
  }

  private void export(Context ctx) throws IOException {
    Optional<Long> project = project(ctx);
    ctx.contentType("application/x-ndjson");
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"kintsugi-audit"
            + project.map(p -> "-project-" + p).orElse("")
            + ".jsonl\"");
    OutputStream out = ctx.outputStream();
    for (AuditEntry entry : audit.entries(project)) {
      out.write((AuditJson.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
  }

  private void verify(Context ctx) {
    Optional<Long> project = project(ctx);
    List<AuditHead> heads = audit.heads(project);
    AuditVerification v = audit.verify(project);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", v.ok());
    out.put("entries", v.entries());
    out.put(
        "firstBad",
        v.firstBad()
            .map(
                bad -> {
                  Map<String, Object> b = new LinkedHashMap<>();
                  b.put("seq", bad.seq());
                  b.put("why", bad.why());
                  return b;
                })
            .orElse(null));
    out.put(
        "heads",
        heads.stream()
            .map(
                h -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("project", h.project());
                  m.put("seq", h.seq());
                  m.put("hash", h.hash());
                  return m;
                })
            .toList());
    ctx.json(out);
  }

  /** The {@code project} parameter: absent, or an existing project's id (else 400 / 404). */
  private Optional<Long> project(Context ctx) {
    Optional<Long> project = number(ctx, "project", 1, Long.MAX_VALUE);
    if (project.isPresent() && store.project(project.get()).isEmpty()) {
      throw new ApiError(404, "no project " + project.get());
    }
    return project;
  }

  private static Optional<Long> number(Context ctx, String name, long min, long max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.empty();
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiError(
          400,
          name
              + " must be a whole number, was '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "'");
    }
    if (n < min || n > max) {
      throw new ApiError(
          400,
          name
              + " must be "
              + min
              + (max == Long.MAX_VALUE ? " or more" : "-" + max)
              + ", was "
              + n);
    }
    return Optional.of(n);
  }
}
