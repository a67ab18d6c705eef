package dev.kintsugi.server.web;

import dev.kintsugi.server.store.IncidentSearch;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The incident list: {@code GET /} (the page) and {@code GET /ui/incidents} (its rows, which the
 * page fetches again on every {@link ChangeFeed} change and when a filter changes). Filters are
 * query parameters: {@code project}, {@code status}, {@code release}, {@code environment}, {@code
 * q}.
 */
final class IncidentsPage {
  private static final int MAX_QUERY = 200;

  /** The list's filters, as given (blank: not filtered). */
  record Query(long project, String status, String release, String environment, String q) {
    String queryString() {
      return "project="
          + project
          + "&status="
          + enc(status)
          + "&release="
          + enc(release)
          + "&environment="
          + enc(environment)
          + "&q="
          + enc(q);
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /** One row of the list. */
  record Row(
      long id,
      String title,
      String culprit,
      DisplayStatus status,
      long count,
      Spark spark,
      When lastActivity) {}

  /** A project in the selector. */
  record ProjectOption(long id, String name, boolean selected) {}

  /** The page. */
  record Model(
      Page page,
      List<ProjectOption> projects,
      Query query,
      List<DisplayStatus> statuses,
      List<String> releases,
      List<String> environments,
      Rows rows) {}

  /** The rows fragment. */
  record Rows(List<Row> rows, boolean filtered, boolean projectExists) {}

  private final Store store;
  private final IncidentSearch search;
  private final Templates templates;
  private final Clock clock;

  IncidentsPage(Store store, IncidentSearch search, Templates templates, Clock clock) {
    this.store = store;
    this.search = search;
    this.templates = templates;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/", this::page);
    app.get("/ui/incidents", ctx -> templates.render(ctx, "incidentRows.jte", rows(query(ctx))));
  }

  private void page(Context ctx) {
    Query query = query(ctx);
    List<Project> projects = store.projects();
    Model model =
        new Model(
            Page.of(ctx, "Incidents", "incidents"),
            projects.stream()
                .map(p -> new ProjectOption(p.id(), p.name(), p.id() == query.project()))
                .toList(),
            query,
            DisplayStatus.filters(),
            query.project() > 0 ? search.tagValues(query.project(), "release") : List.of(),
            query.project() > 0 ? search.tagValues(query.project(), "environment") : List.of(),
            rows(query));
    templates.render(ctx, "incidents.jte", model);
  }

  private Query query(Context ctx) {
    long project = -1;
    String p = ctx.queryParam("project");
    if (p != null && !p.isBlank()) {
      try {
        project = Long.parseLong(p.strip());
      } catch (NumberFormatException e) {
        throw new WebError(io.javalin.http.HttpStatus.BAD_REQUEST, "project must be a number");
      }
    }
    if (project < 0) {
      project = store.projects().stream().mapToLong(Project::id).min().orElse(0);
    }
    return new Query(
        project,
        param(ctx, "status"),
        param(ctx, "release"),
        param(ctx, "environment"),
        param(ctx, "q"));
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return "";
    }
    v = v.strip();
    return v.length() > MAX_QUERY ? v.substring(0, MAX_QUERY) : v;
  }

  private Rows rows(Query q) {
    if (q.project() <= 0 || store.project(q.project()).isEmpty()) {
      return new Rows(List.of(), false, false);
    }
    // Shown statuses that are a proposed fix in the store, told apart by the latest decision.
    boolean derived =
        q.status().equals(DisplayStatus.AWAITING) || q.status().equals(DisplayStatus.APPROVED);
    Optional<IncidentStatus> status =
        derived ? Optional.of(IncidentStatus.FIX_PROPOSED) : IncidentStatus.fromWire(q.status());
    List<IncidentSearch.Row> found =
        search.find(
            new IncidentSearch.Filter(
                q.project(),
                status,
                Optional.of(q.release()),
                Optional.of(q.environment()),
                Optional.of(q.q())));
    Instant now = clock.instant();
    List<Row> rows =
        found.stream()
            .map(
                r ->
                    new Row(
                        r.incident().id(),
                        r.incident().title(),
                        r.incident().culprit(),
                        DisplayStatus.of(r.incident().status(), r.lastDecision()),
                        r.incident().count(),
                        Spark.of(r.hourly()),
                        When.of(r.lastActivity(), now)))
            .filter(r -> !derived || r.status().key().equals(q.status()))
            .toList();
    boolean filtered =
        !(q.status().isEmpty()
            && q.release().isEmpty()
            && q.environment().isEmpty()
            && q.q().isEmpty());
    return new Rows(rows, filtered, true);
  }
}
