package dev.kintsugi.server.web;

import dev.kintsugi.server.api.DeliveryFields;
import dev.kintsugi.server.api.DsnBuilder;
import dev.kintsugi.server.api.FieldError;
import dev.kintsugi.server.api.ProjectFields;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.DeliverySettings;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.HealPolicy;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RunbookRunsView;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One project: {@code GET /projects/{id}} shows its DSN with SDK snippets, its repository and
 * in-app packages, when it heals, how its fixes are delivered and its heal budgets. Changes are
 * posts, each checked as the REST API checks the same change: {@code POST
 * /projects/{id}/rotate-key}, {@code .../auto-heal} ({@link ProjectFields}), {@code .../delivery}
 * ({@link DeliveryFields}). A refused change stores nothing and shows the page again with the
 * field's message next to it.
 */
final class ProjectPage {
  static final String AUTO_HEAL = "auto-heal";
  static final String DELIVERY = "delivery";
  private static final List<String> AUTO_HEAL_FIELDS = List.of("autoHeal", "healThreshold");

  /** What a redirect after a change says, by its {@code done} parameter. */
  private static final Map<String, String> NOTICES =
      Map.of(
          "created",
          "Project created. Point an SDK at its DSN below.",
          "key",
          "Key rotated: the old DSN no longer works. Give SDKs the new one.",
          AUTO_HEAL,
          "Auto-heal saved.",
          DELIVERY,
          "Delivery settings saved.");

  /** The project as shown. */
  record View(
      long id,
      String name,
      String repo,
      List<String> inAppPrefixes,
      String autoHeal,
      String createdAt) {}

  /** The heal budgets and what is used of them now. */
  record Budgets(HealPolicy policy, HealRunStore.Usage usage) {}

  /**
   * The page.
   *
   * @param runtime its runbook runs, or null when it has none (no runtime section)
   */
  record Model(
      Page page,
      View project,
      String dsn,
      List<SdkSnippets.Snippet> snippets,
      FormState autoHeal,
      FormState delivery,
      boolean forgeToken,
      Budgets budgets,
      RunbookRunsView.Counts runtime,
      String notice) {}

  private final Store store;
  private final ProjectKeys keys;
  private final DeliverySettingsStore deliveries;
  private final HealPolicyStore policies;
  private final HealRunStore runs;
  private final RunbookRunsView runbookRuns;
  private final DsnBuilder dsns;
  private final BooleanSupplier forgeToken;
  private final Runnable wakeHealer;
  private final Templates templates;
  private final Runnable changed;

  ProjectPage(Dashboard.Services services, Templates templates, Runnable changed) {
    this.store = services.store();
    this.keys = services.keys();
    this.deliveries = services.deliveries();
    this.policies = services.policies();
    this.runs = services.runs();
    this.runbookRuns = new RunbookRunsView(services.db());
    this.dsns = new DsnBuilder(services.publicUrl());
    this.forgeToken = services.forgeToken();
    this.wakeHealer = services.wakeHealer();
    this.templates = templates;
    this.changed = changed;
  }

  void register(Javalin app) {
    app.get("/projects/{id}", ctx -> render(ctx, project(ctx), null, null));
    app.post("/projects/{id}/rotate-key", this::rotateKey);
    app.post("/projects/{id}/auto-heal", this::setAutoHeal);
    app.post("/projects/{id}/delivery", this::setDelivery);
  }

  private void rotateKey(Context ctx) {
    long id = project(ctx).id();
    store.rotateKey(id).orElseThrow(() -> Dashboard.notFound("No such project."));
    keys.forget(id);
    changed.run();
    FormState.done(ctx, "/projects/" + id + "?done=key");
  }

  private void setAutoHeal(Context ctx) {
    Project project = project(ctx);
    FormState form = FormState.posted(ctx, AUTO_HEAL, AUTO_HEAL_FIELDS);
    try {
      AutoHeal autoHeal =
          ProjectFields.autoHeal(
              form.value("autoHeal"), form.value("healThreshold"), project.autoHeal());
      store.setAutoHeal(project.id(), autoHeal);
    } catch (FieldError e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      render(ctx, project, form.refused(e), null);
      return;
    }
    wakeHealer.run();
    changed.run();
    FormState.done(ctx, "/projects/" + project.id() + "?done=" + AUTO_HEAL);
  }

  private void setDelivery(Context ctx) {
    Project project = project(ctx);
    FormState form = FormState.posted(ctx, DELIVERY, DeliveryFields.NAMES);
    try {
      // A blank policy is none: the repository's own applies.
      DeliverySettings next =
          DeliveryFields.read(
              f -> f.equals("policy") && form.value(f).isBlank() ? null : form.value(f),
              forgeToken.getAsBoolean());
      deliveries.set(project.id(), next);
    } catch (FieldError e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      render(ctx, project, null, form.refused(e));
      return;
    }
    changed.run();
    FormState.done(ctx, "/projects/" + project.id() + "?done=" + DELIVERY);
  }

  private Project project(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw Dashboard.notFound("No such project.");
    }
    return store.project(id).orElseThrow(() -> Dashboard.notFound("No such project."));
  }

  /** The page; {@code autoHeal} and {@code delivery} as posted when refused, else null. */
  private void render(Context ctx, Project p, FormState autoHeal, FormState delivery) {
    String dsn = dsns.dsn(p, ctx.host());
    Model model =
        new Model(
            Page.of(ctx, p.name(), "projects"),
            new View(
                p.id(),
                p.name(),
                p.repo().orElse(""),
                p.inAppPrefixes(),
                ProjectsPage.describe(p.autoHeal()),
                p.createdAt().toString()),
            dsn,
            SdkSnippets.of(dsn, p.inAppPrefixes()),
            autoHeal != null ? autoHeal : autoHealForm(p.autoHeal()),
            delivery != null ? delivery : FormState.of(DELIVERY, deliveries.get(p.id()).asText()),
            forgeToken.getAsBoolean(),
            new Budgets(policies.get(p.id()), runs.usage(p.id())),
            Optional.of(runbookRuns.counts(p.name())).filter(c -> c.runs() > 0).orElse(null),
            Optional.ofNullable(ctx.queryParam("done")).map(NOTICES::get).orElse(null));
    templates.render(ctx, "project.jte", model);
  }

  private static FormState autoHealForm(AutoHeal a) {
    return FormState.of(
        AUTO_HEAL,
        Map.of("autoHeal", a.wireName(), "healThreshold", Integer.toString(a.threshold())));
  }
}
