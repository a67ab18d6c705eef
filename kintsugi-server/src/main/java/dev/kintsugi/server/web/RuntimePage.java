package dev.kintsugi.server.web;

import dev.kintsugi.server.RuntimeApprovals;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RunbookRunsView;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A project's runtime remediation: {@code GET /projects/{id}/runtime} shows the time to recover per
 * runbook (the last 30 days) and the newest runbook runs, a {@link Live} part ({@code GET
 * /ui/projects/{id}/runtime}). Runs waiting for a person can be approved or rejected (a reason is
 * required): {@code POST /projects/{id}/runtime/runs/{run}/approve|reject}, CSRF-checked by {@link
 * WebAuth}, carried out by the runtime extension's {@link RuntimeApprovals}; without it (the server
 * runs no runtime remediation) the runs are shown read-only.
 */
final class RuntimePage {
  static final int RUNS = 50;
  static final Duration MTTR_WINDOW = Duration.ofDays(30);
  static final int REASON_CHARS = 1000;

  /** What the live part shows. */
  record Part(List<RunbookRunsPart.Mttr> mttr, RunbookRunsPart.Runs runs) {}

  record Model(Page page, long projectId, String project, Live<Part> part) {}

  private final Store store;
  private final RunbookRunsView view;
  private final Supplier<Optional<RuntimeApprovals>> approvals;
  private final Templates templates;
  private final Clock clock;
  private final Runnable changed;

  RuntimePage(
      Dashboard.Services services,
      Supplier<Optional<RuntimeApprovals>> approvals,
      Templates templates,
      Runnable changed) {
    this.store = services.store();
    this.view = new RunbookRunsView(services.db());
    this.approvals = approvals;
    this.templates = templates;
    this.clock = services.clock();
    this.changed = changed;
  }

  void register(Javalin app) {
    app.get(
        "/projects/{id}/runtime",
        ctx -> {
          Project p = project(ctx);
          templates.render(
              ctx,
              "runtime.jte",
              new Model(
                  Page.of(ctx, "Runtime · " + p.name(), "projects"),
                  p.id(),
                  p.name(),
                  part(p, ctx)));
        });
    app.get(
        "/ui/projects/{id}/runtime",
        ctx -> {
          Live<Part> part = part(project(ctx), ctx);
          if (part.sameAs(ctx.queryParam("v"))) {
            ctx.status(HttpStatus.NO_CONTENT);
          } else {
            templates.render(ctx, "runtimePart.jte", part);
          }
        });
    app.post("/projects/{id}/runtime/runs/{run}/approve", ctx -> decide(ctx, true));
    app.post("/projects/{id}/runtime/runs/{run}/reject", ctx -> decide(ctx, false));
  }

  /** The project's runs with what deciding on them needs, for this page and others. */
  RunbookRunsPart.Runs runs(List<RunbookRunsView.Run> runs, long projectId, Context ctx) {
    return RunbookRunsPart.of(
        runs, projectId, approvals.get().isPresent(), WebAuth.session(ctx).csrf());
  }

  private Live<Part> part(Project p, Context ctx) {
    return Live.of(
        "/ui/projects/" + p.id() + "/runtime",
        new Part(
            RunbookRunsPart.mttr(view.mttr(p.name(), clock.instant().minus(MTTR_WINDOW))),
            runs(view.recent(p.name(), RUNS), p.id(), ctx)));
  }

  private void decide(Context ctx, boolean approve) {
    Project p = project(ctx);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("run"));
    } catch (NumberFormatException e) {
      throw Dashboard.notFound("There is no such runbook run.");
    }
    RunbookRunsView.Run run =
        view.run(id)
            .filter(r -> r.project().equals(p.name()))
            .orElseThrow(() -> Dashboard.notFound("This project has no runbook run " + id + "."));
    RuntimeApprovals decider =
        approvals
            .get()
            .orElseThrow(
                () ->
                    new WebError(
                        HttpStatus.CONFLICT,
                        "Runtime remediation does not run in this server: runs cannot be"
                            + " approved or rejected here."));
    String who = WebAuth.session(ctx).viewer().name();
    boolean decided;
    String message;
    if (approve) {
      decided = decider.approve(id, who);
      message = "Run #" + id + " of " + run.runbook() + " approved: its actions go ahead.";
    } else {
      String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
      if (reason.isEmpty()) {
        throw new WebError(HttpStatus.BAD_REQUEST, "Say why the run is rejected.");
      }
      decided = decider.reject(id, who, JsonText.cut(reason, REASON_CHARS));
      message = "Run #" + id + " of " + run.runbook() + " rejected: nothing was done.";
    }
    if (!decided) {
      throw new WebError(HttpStatus.CONFLICT, "Run #" + id + " awaits no approval.");
    }
    changed.run();
    if (ctx.header("HX-Request") != null) {
      templates.render(ctx, "incidentFlash.jte", new IncidentPage.Flash(message));
    } else {
      ctx.redirect("/projects/" + p.id() + "/runtime", HttpStatus.SEE_OTHER);
    }
  }

  private Project project(Context ctx) {
    try {
      return store
          .project(Long.parseLong(ctx.pathParam("id")))
          .orElseThrow(() -> Dashboard.notFound("No such project."));
    } catch (NumberFormatException e) {
      throw Dashboard.notFound("No such project.");
    }
  }
}
