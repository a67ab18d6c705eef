package dev.kintsugi.runtime.canary;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.runtime.RuntimeConfig;
import dev.kintsugi.runtime.signal.ScrapeTarget;
import dev.kintsugi.runtime.signal.SeriesStore;
import dev.kintsugi.server.ServerExtension;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RecentChanges;
import dev.kintsugi.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Canary analysis as a service: judges a canary against its baseline on the samples a request
 * carries and on the configured series both scrape targets stored over the window ending now, then
 * looks at the incidents the canary's release raised in that window — one Kintsugi already knew, or
 * a new one first seen with that release, fails the canary at once ({@link CanaryIncident.Kind}).
 * Every analysis is recorded in the audit trail ({@code canary.analysed}); it never acts.
 *
 * <p>From Java: {@code analysis.analyse(CanaryRequest.of("shop-stable",
 * "shop-canary").over(Duration.ofMinutes(1)).ofRelease("1.4.2"), AuditRecord.SYSTEM, "rollout")}.
 *
 * <p>Stable API: {@link #of}, {@link #analyse}.
 */
public final class CanaryAnalysis {

  private final CanaryConfig config;
  private final String defaultProject;
  private final Map<String, ScrapeTarget> targets;
  private final SeriesStore series;
  private final Store store;
  private final ReleaseIncidents incidents;
  private final AuditStore audit;
  private final Clock clock;

  CanaryAnalysis(
      CanaryConfig config,
      String defaultProject,
      List<ScrapeTarget> targets,
      SeriesStore series,
      Store store,
      RecentChanges changes,
      AuditStore audit,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.defaultProject = Objects.requireNonNull(defaultProject, "defaultProject");
    this.targets =
        targets.stream().collect(Collectors.toMap(ScrapeTarget::name, Function.identity()));
    this.series = Objects.requireNonNull(series, "series");
    this.store = Objects.requireNonNull(store, "store");
    this.incidents = new ReleaseIncidents(store, changes);
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The analysis of the runtime configuration's canary section and scrape targets. */
  public static CanaryAnalysis of(
      RuntimeConfig config, SeriesStore series, ServerExtension.Context ctx) {
    return new CanaryAnalysis(
        config.canary(),
        config.project(),
        config.scrape(),
        series,
        ctx.store(),
        new RecentChanges(ctx.db()),
        ctx.audit(),
        ctx.clock());
  }

  /**
   * Judges the canary over the window ending now and records it in the audit trail.
   *
   * @param actor who asked ({@link AuditStore#ADMIN}, {@link AuditRecord#SYSTEM}, ...)
   * @param via how it was asked ({@code api}, {@code argo}, {@code flagger}, {@code rollout})
   * @throws CanaryRequestException naming the field that cannot be judged
   */
  public CanaryReport analyse(CanaryRequest request, String actor, String via)
      throws CanaryRequestException {
    Optional<ScrapeTarget> base = target(request.baseline(), "baseline");
    Optional<ScrapeTarget> canary = target(request.canary(), "canary");
    if (base.isPresent() != canary.isPresent()) {
      String missing = base.isPresent() ? "canary" : "baseline";
      throw new CanaryRequestException(
          missing, "is required with " + (base.isPresent() ? "baseline" : "canary"));
    }
    String project =
        request.project().orElse(base.map(ScrapeTarget::project).orElse(defaultProject));
    if (canary.isPresent()) {
      if (base.get().name().equals(canary.get().name())) {
        throw new CanaryRequestException("canary", "must be another target than the baseline");
      }
      for (ScrapeTarget t : List.of(base.get(), canary.get())) {
        if (!t.project().equals(project)) {
          throw new CanaryRequestException(
              t == base.get() ? "baseline" : "canary",
              "scrape target "
                  + t.name()
                  + " belongs to project "
                  + t.project()
                  + ", not "
                  + project);
        }
      }
      if (config.metrics().isEmpty() && request.inline().isEmpty()) {
        throw new CanaryRequestException(
            "metrics",
            "runtime.yml's canary.metrics names no series, and the request gives no metrics");
      }
    } else if (request.inline().isEmpty()) {
      throw new CanaryRequestException(
          "metrics", "give baseline and canary (scrape targets) or metrics with their samples");
    }
    Optional<Project> registered = store.projectNamed(project);
    if (request.release().isPresent() && registered.isEmpty()) {
      throw new CanaryRequestException(
          "project",
          "no registered project named " + project + ": the release's incidents cannot be read");
    }
    Duration window = request.window().orElse(config.window());
    Instant to = clock.instant();
    Instant from = to.minus(window);

    List<Comparison> comparisons = new ArrayList<>(request.inline());
    if (canary.isPresent()) {
      for (SeriesMetric m : config.metrics()) {
        comparisons.add(
            new Comparison(
                m.spec(), values(base.get(), m, from, to), values(canary.get(), m, from, to)));
      }
    }
    Judgement judgement = config.judge().judge(comparisons);
    List<CanaryIncident> raised =
        request.release().isPresent()
            ? incidents.of(registered.get().id(), request.release().get(), from, to)
            : List.of();
    Optional<String> why = failure(raised, request.release().orElse(""));
    if (why.isPresent()) {
      judgement = judgement.failedBecause(why.get());
    }
    CanaryReport report =
        new CanaryReport(
            judgement,
            raised,
            Optional.of(project),
            request.baseline(),
            request.canary(),
            request.release(),
            from,
            to);
    record(report, registered, window, actor, via);
    return report;
  }

  private Optional<ScrapeTarget> target(Optional<String> name, String field)
      throws CanaryRequestException {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    ScrapeTarget t = targets.get(name.get());
    if (t == null) {
      throw new CanaryRequestException(
          field,
          "no scrape target named "
              + name.get()
              + " in runtime.yml"
              + (targets.isEmpty()
                  ? " (it has none)"
                  : " (known: "
                      + String.join(", ", targets.keySet().stream().sorted().toList())
                      + ")"));
    }
    return Optional.of(t);
  }

  private double[] values(ScrapeTarget target, SeriesMetric m, Instant from, Instant to) {
    return SelectedSeries.values(series, target.project(), target.name(), m, from, to);
  }

  /** Why the release's incidents fail the canary, if they do: known ones first. */
  private static Optional<String> failure(List<CanaryIncident> raised, String release) {
    for (CanaryIncident.Kind kind : List.of(CanaryIncident.Kind.KNOWN, CanaryIncident.Kind.NEW)) {
      List<CanaryIncident> of = raised.stream().filter(i -> i.kind() == kind).toList();
      if (!of.isEmpty()) {
        return Optional.of(
            "release "
                + release
                + " raised "
                + (kind == CanaryIncident.Kind.KNOWN ? "known" : "new")
                + " incident"
                + (of.size() == 1 ? " " : "s ")
                + of.stream()
                    .map(
                        i ->
                            "#"
                                + i.id()
                                + " (fingerprint "
                                + i.fingerprint()
                                + ", "
                                + (kind == CanaryIncident.Kind.KNOWN
                                    ? i.status()
                                    : "first seen with this release")
                                + ")")
                    .collect(Collectors.joining(", ")));
      }
    }
    return Optional.empty();
  }

  private void record(
      CanaryReport report, Optional<Project> project, Duration window, String actor, String via) {
    Judgement j = report.judgement();
    audit.append(
        project.map(Project::id).orElse(null),
        null,
        null,
        AuditRecord.by(
            actor,
            "canary.analysed",
            "via",
            via,
            "baseline",
            report.baseline().orElse(""),
            "canary",
            report.canary().orElse(""),
            "release",
            report.release().orElse(""),
            "window",
            window.toString(),
            "verdict",
            j.verdict().wire(),
            "score",
            String.format(Locale.ROOT, "%.1f", j.score()),
            "reason",
            j.reason()));
  }
}
