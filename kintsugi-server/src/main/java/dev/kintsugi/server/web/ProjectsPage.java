package dev.kintsugi.server.web;

import dev.kintsugi.server.api.FieldError;
import dev.kintsugi.server.api.ProjectFields;
import dev.kintsugi.server.api.RepoPolicy;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.OverviewStats;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The project list and registration: {@code GET /projects} lists every project with its incidents
 * by status; {@code POST /projects} registers one, its fields checked as the REST API checks them
 * ({@link ProjectFields}, {@link RepoPolicy}); a refused field is shown next to the form, named.
 */
final class ProjectsPage {
  static final String FORM = "new-project";
  static final List<String> FIELDS =
      List.of("name", "repo", "inAppPrefixes", "autoHeal", "healThreshold");

  /** One project in the list. */
  record Row(
      long id,
      String name,
      String repo,
      String autoHeal,
      List<StatusCounts.Count> counts,
      long incidents) {}

  /** The page. */
  record Model(Page page, List<Row> projects, FormState form, List<String> repoRoots) {}

  private final Store store;
  private final OverviewStats stats;
  private final RepoPolicy repos;
  private final List<String> repoRoots;
  private final Templates templates;
  private final Runnable changed;

  ProjectsPage(Dashboard.Services services, Templates templates, Runnable changed) {
    this.store = services.store();
    this.stats = new OverviewStats(services.db(), services.clock());
    this.repos = RepoPolicy.of(services.repoRoots());
    this.repoRoots = services.repoRoots().stream().map(Path::toString).toList();
    this.templates = templates;
    this.changed = changed;
  }

  void register(Javalin app) {
    app.get("/projects", ctx -> render(ctx, FormState.of(FORM, Map.of("autoHeal", "new"))));
    app.post("/projects", this::create);
  }

  private void create(Context ctx) {
    FormState form = FormState.posted(ctx, FORM, FIELDS);
    Project project;
    try {
      String name = ProjectFields.name(form.value("name"));
      Optional<String> repo = repos.check(form.value("repo"));
      List<String> prefixes = ProjectFields.inAppPrefixes(form.value("inAppPrefixes"));
      AutoHeal autoHeal =
          ProjectFields.autoHeal(
              form.value("autoHeal"), form.value("healThreshold"), AutoHeal.ON_NEW);
      project = store.createProject(name, repo, prefixes, autoHeal);
    } catch (FieldError e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      render(ctx, form.refused(e));
      return;
    }
    changed.run();
    FormState.done(ctx, "/projects/" + project.id() + "?done=created");
  }

  private void render(Context ctx, FormState form) {
    Map<Long, List<OverviewStats.StatusCount>> counts =
        stats.incidentsByStatus().stream()
            .collect(Collectors.groupingBy(OverviewStats.StatusCount::projectId));
    List<Row> rows =
        store.projects().stream()
            .map(
                p -> {
                  List<StatusCounts.Count> c =
                      StatusCounts.of(counts.getOrDefault(p.id(), List.of()));
                  return new Row(
                      p.id(),
                      p.name(),
                      p.repo().orElse(""),
                      describe(p.autoHeal()),
                      c.stream().filter(x -> x.count() > 0).toList(),
                      StatusCounts.total(c));
                })
            .toList();
    templates.render(
        ctx,
        "projects.jte",
        new Model(Page.of(ctx, "Projects", "projects"), rows, form, repoRoots));
  }

  /** When a project heals on its own, in words. */
  static String describe(AutoHeal autoHeal) {
    return switch (autoHeal.mode()) {
      case OFF -> "off: heals only on request";
      case NEW -> "every new incident";
      case THRESHOLD -> "once an incident has " + autoHeal.threshold() + " events";
    };
  }
}
