package dev.kintsugi.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.OverviewStats;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The overview: {@code GET /overview[?project=ID]} and its live part {@code GET /ui/overview}
 * (fetched again on {@link ChangeFeed} changes and every half minute, as its minute window moves):
 * events per minute, incidents by status, heal outcomes, the median time from an error to its fix,
 * and the last two weeks day by day. Charts are Chart.js specifications built here as JSON (numbers
 * and fixed labels only), which the page's script reads from a {@code data-chart} attribute.
 */
final class OverviewPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d");

  /** Colours of the status chart, by {@link DisplayStatus#key()}; the page's badge palette. */
  private static final Map<String, String> STATUS_COLOURS =
      Map.of(
          "open",
          "#a31d1d",
          "healing",
          "#0b5fa5",
          "fix_proposed",
          "#8a6a00",
          DisplayStatus.AWAITING,
          "#c26a00",
          "resolved",
          "#1b6e3a",
          "regressed",
          "#e0457b",
          "ignored",
          "#8c96a1");

  /** The page. */
  record Model(Page page, List<IncidentsPage.ProjectOption> projects, Stats stats) {}

  /**
   * The live part.
   *
   * @param project the project shown, 0 for all
   * @param medianSeconds the median fix time in seconds, -1 when nothing was fixed
   */
  record Stats(
      long project,
      String eventsChart,
      long eventsLastHour,
      List<StatusCounts.Count> byStatus,
      String statusChart,
      OverviewStats.Outcomes outcomes,
      long medianSeconds,
      String median,
      int fixedIncidents,
      String daysChart,
      List<OverviewStats.Day> days) {

    String query() {
      return project > 0 ? "?project=" + project : "";
    }
  }

  private final Store store;
  private final OverviewStats stats;
  private final Templates templates;
  private final Clock clock;

  OverviewPage(Dashboard.Services services, Templates templates) {
    this.store = services.store();
    this.stats = new OverviewStats(services.db(), services.clock());
    this.templates = templates;
    this.clock = services.clock();
  }

  void register(Javalin app) {
    app.get("/overview", this::page);
    app.get("/ui/overview", ctx -> templates.render(ctx, "overviewStats.jte", stats(project(ctx))));
  }

  private void page(Context ctx) {
    Optional<Long> project = project(ctx);
    long selected = project.orElse(0L);
    List<IncidentsPage.ProjectOption> options =
        store.projects().stream()
            .map(p -> new IncidentsPage.ProjectOption(p.id(), p.name(), p.id() == selected))
            .toList();
    String title =
        project.flatMap(store::project).map(p -> "Overview: " + p.name()).orElse("Overview");
    templates.render(
        ctx, "overview.jte", new Model(Page.of(ctx, title, "overview"), options, stats(project)));
  }

  /** The {@code project} parameter: empty for all projects. */
  private Optional<Long> project(Context ctx) {
    String p = ctx.queryParam("project");
    if (p == null || p.isBlank() || p.strip().equals("0")) {
      return Optional.empty();
    }
    long id;
    try {
      id = Long.parseLong(p.strip());
    } catch (NumberFormatException e) {
      throw new WebError(HttpStatus.BAD_REQUEST, "project must be a number");
    }
    store.project(id).map(Project::id).orElseThrow(() -> Dashboard.notFound("No such project."));
    return Optional.of(id);
  }

  private Stats stats(Optional<Long> project) {
    List<Long> perMinute = stats.eventsPerMinute(project);
    List<StatusCounts.Count> byStatus =
        StatusCounts.of(
            stats.incidentsByStatus().stream()
                .filter(c -> project.isEmpty() || c.projectId() == project.get())
                .toList());
    OverviewStats.FixTimes fixes = stats.fixTimes(project);
    List<OverviewStats.Day> days = stats.days(project);
    return new Stats(
        project.orElse(0L),
        eventsChart(perMinute),
        perMinute.stream().mapToLong(Long::longValue).sum(),
        byStatus,
        statusChart(byStatus),
        stats.healOutcomes(project),
        fixes.median().map(Duration::toSeconds).orElse(-1L),
        fixes.median().map(Elapsed::of).orElse("no fix yet"),
        fixes.incidents(),
        daysChart(days),
        days);
  }

  private String eventsChart(List<Long> perMinute) {
    Instant first =
        Instant.ofEpochSecond(
            (clock.instant().getEpochSecond() / 60 - OverviewStats.MINUTES + 1) * 60);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < perMinute.size(); i++) {
      labels.add(MINUTE.format(first.plusSeconds(60L * i)));
    }
    Map<String, Object> line = dataset("Events", perMinute, "#0b5fa5");
    line.put("backgroundColor", "rgba(11, 95, 165, 0.15)");
    line.put("fill", true);
    line.put("pointRadius", 0);
    line.put("tension", 0.2);
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("ticks", Map.of("maxTicksLimit", 12, "maxRotation", 0));
    return chart("line", labels, List.of(line), Map.of("x", time, "y", axis("events", "left")));
  }

  private String statusChart(List<StatusCounts.Count> counts) {
    Map<String, Object> bars =
        dataset("Incidents", counts.stream().map(StatusCounts.Count::count).toList(), null);
    bars.put(
        "backgroundColor",
        counts.stream()
            .map(c -> STATUS_COLOURS.getOrDefault(c.status().key(), "#56606b"))
            .toList());
    Map<String, Object> spec =
        spec(
            "bar",
            counts.stream().map(c -> c.status().label()).toList(),
            List.of(bars),
            Map.of(
                "x", axis("incidents", "bottom"), "y", Map.of("ticks", Map.of("autoSkip", false))));
    options(spec).put("indexAxis", "y");
    return json(spec);
  }

  private String daysChart(List<OverviewStats.Day> days) {
    Map<String, Object> events =
        dataset("Events", days.stream().map(OverviewStats.Day::events).toList(), "#0b5fa5");
    events.put("type", "line");
    events.put("yAxisID", "y");
    events.put("tension", 0.2);
    Map<String, Object> opened =
        dataset(
            "Incidents opened",
            days.stream().map(OverviewStats.Day::incidentsOpened).toList(),
            "#a31d1d");
    opened.put("yAxisID", "y1");
    Map<String, Object> fixed =
        dataset(
            "Heals fixed", days.stream().map(OverviewStats.Day::healsFixed).toList(), "#1b6e3a");
    fixed.put("yAxisID", "y1");
    Map<String, Object> right = axis("incidents, heals", "right");
    right.put("grid", Map.of("drawOnChartArea", false));
    Map<String, Object> spec =
        spec(
            "bar",
            days.stream().map(d -> DAY.format(d.day())).toList(),
            List.of(events, opened, fixed),
            Map.of("y", axis("events", "left"), "y1", right));
    options(spec).put("plugins", Map.of("legend", Map.of("display", true, "position", "bottom")));
    return json(spec);
  }

  private static Map<String, Object> dataset(String label, List<Long> data, String colour) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("label", label);
    d.put("data", data);
    if (colour != null) {
      d.put("borderColor", colour);
      d.put("backgroundColor", colour);
    }
    return d;
  }

  private static Map<String, Object> axis(String title, String position) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("beginAtZero", true);
    a.put("position", position);
    a.put("ticks", Map.of("precision", 0));
    a.put("title", Map.of("display", true, "text", title));
    return a;
  }

  private static Map<String, Object> spec(
      String type, List<String> labels, List<Map<String, Object>> datasets, Map<String, ?> scales) {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("scales", scales);
    options.put("plugins", Map.of("legend", Map.of("display", false)));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", type);
    spec.put("data", Map.of("labels", labels, "datasets", datasets));
    spec.put("options", options);
    return spec;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> options(Map<String, Object> spec) {
    return (Map<String, Object>) spec.get("options");
  }

  private static String chart(
      String type, List<String> labels, List<Map<String, Object>> datasets, Map<String, ?> scales) {
    return json(spec(type, labels, datasets, scales));
  }

  private static String json(Object spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a chart of numbers and fixed labels always writes", e);
    }
  }
}
