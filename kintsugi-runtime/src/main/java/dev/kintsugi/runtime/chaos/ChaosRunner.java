package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.KintsugiClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a chaos experiment with Chaos Toolkit's semantics, waiting for Kintsugi to recover:
 *
 * <ol>
 *   <li>the steady-state hypothesis is checked; when it does not hold the run {@code failed} and
 *       the method is not run;
 *   <li>the method's activities run one after another (pauses honoured; a failed activity is
 *       recorded and the method goes on, as in Chaos Toolkit);
 *   <li>with the {@code kintsugi} extension's {@code recovery}, the hypothesis is polled every
 *       {@code every} until it holds or {@code within} has passed since the method ended (the polls
 *       are the journal's {@code steady_states.during});
 *   <li>the hypothesis is checked again: when it does not hold the run {@code deviated} (status
 *       {@code failed});
 *   <li>the rollbacks always run (Chaos Toolkit's {@code --rollback-strategy always}), whatever
 *       happened before, also when the run was interrupted.
 * </ol>
 *
 * <p>The fault's injection is when the method's first action that succeeded returned. Time to
 * recover runs from it to the first check at which the hypothesis held again; time to detect from
 * it to the detection of the first runbook run of the extension's {@code project} the Kintsugi
 * server ({@code configuration.kintsugi_url}) reports.
 */
public final class ChaosRunner {

  private final Clock clock;
  private final Map<String, String> env;
  private final Consumer<String> log;

  /**
   * @param env the environment processes are run with
   * @param log where progress lines go (secrets masked)
   */
  public ChaosRunner(Clock clock, Map<String, String> env, Consumer<String> log) {
    this.clock = clock;
    this.env = Map.copyOf(env);
    this.log = log;
  }

  /** On the system clock and this process's environment. */
  public static ChaosRunner standard(Consumer<String> log) {
    return new ChaosRunner(Clock.systemUTC(), System.getenv(), log);
  }

  /**
   * Runs the experiment. Failures of the system under test are what the journal reports; this never
   * throws for them. When the thread is interrupted the rollbacks still run, the journal says
   * {@code interrupted} and the thread's interrupt flag is set again.
   */
  public Journal run(Experiment experiment) {
    ExperimentSettings settings = experiment.settings();
    Masking masking = new Masking(settings.secretValues());
    Consumer<String> out = line -> log.accept(masking.line(line));
    Optional<KintsugiClient> server =
        settings.kintsugiUrl().isPresent() && settings.token().isPresent()
            ? Optional.of(new KintsugiClient(settings.kintsugiUrl().get(), settings.token().get()))
            : Optional.empty();
    Instant start = clock.instant();
    long began = System.nanoTime();
    RunContext context = new RunContext(experiment.title(), settings, server, start, clock, env);
    Activities activities = new Activities(context, out);
    Optional<Experiment.Hypothesis> hypothesis = experiment.hypothesis();

    ObjectNode before = null;
    ObjectNode after = null;
    ArrayNode during = JsonNodeFactory.instance.arrayNode();
    ArrayNode run = JsonNodeFactory.instance.arrayNode();
    ArrayNode rollbacks = JsonNodeFactory.instance.arrayNode();
    String status = Journal.COMPLETED;
    boolean deviated = false;
    Instant injected = null;
    Instant recovered = null;
    boolean interrupted = false;

    out.accept("Running experiment: " + experiment.title());
    try {
      if (hypothesis.isPresent()) {
        out.accept("Steady state hypothesis: " + hypothesis.get().title());
        before = activities.steadyState(hypothesis.get());
        if (!Activities.met(before)) {
          status = Journal.FAILED;
          out.accept("The steady state does not hold before the method: the method is not run");
        }
      }
      if (status.equals(Journal.COMPLETED)) {
        out.accept("Playing the experiment's method now...");
        for (Activity a : experiment.method()) {
          ObjectNode r = activities.run(a);
          run.add(r);
          if (injected == null
              && a.isAction()
              && Activities.SUCCEEDED.equals(r.path("status").asText())) {
            injected = Instant.parse(r.path("end").asText());
          }
        }
        if (hypothesis.isPresent()) {
          Optional<KintsugiExtension.Recovery> recovery = experiment.kintsugi().recovery();
          if (recovery.isPresent()) {
            recovered =
                awaitRecovery(
                    activities,
                    hypothesis.get(),
                    recovery.get(),
                    during,
                    out,
                    server,
                    experiment.kintsugi(),
                    injected != null ? injected : start);
          }
          out.accept("Steady state hypothesis after the method: " + hypothesis.get().title());
          after = activities.steadyState(hypothesis.get());
          if (!Activities.met(after)) {
            deviated = true;
            status = Journal.FAILED;
            out.accept("The steady state has deviated: a weakness may have been discovered");
          } else if (recovered == null) {
            recovered = Instant.parse(lastEnd(after));
          }
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      status = Journal.INTERRUPTED;
    }
    if (!experiment.rollbacks().isEmpty()) {
      out.accept("Let's rollback...");
    }
    try {
      for (Activity a : experiment.rollbacks()) {
        rollbacks.add(activities.run(a));
      }
    } catch (InterruptedException e) {
      interrupted = true;
      status = Journal.INTERRUPTED;
      out.accept("Interrupted: the remaining rollbacks were not run");
    }

    Instant since = injected != null ? injected : start;
    ArrayNode runbookRuns = runbookRuns(server, experiment.kintsugi(), since, out);
    Optional<Duration> toDetect = Optional.empty();
    if (injected != null && !runbookRuns.isEmpty()) {
      toDetect =
          RunbookRunsProbe.instant(runbookRuns.get(0).path("detectedAt"))
              .map(d -> Duration.between(since, d));
    }
    Optional<Duration> toRecover =
        injected != null && recovered != null
            ? Optional.of(Duration.between(injected, recovered))
            : Optional.empty();
    Optional<Boolean> held =
        hypothesis.isEmpty() || interrupted
            ? Optional.empty()
            : Optional.of(Activities.met(before) && Activities.met(after));

    Instant end = clock.instant();
    ObjectNode journal = JsonNodeFactory.instance.objectNode();
    journal.put("kintsugi-version", version());
    journal.put(
        "platform",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    journal.put("node", env.getOrDefault("HOSTNAME", "localhost"));
    journal.set("experiment", experiment.source());
    journal.put("start", start.toString());
    journal.put("status", status);
    journal.put("deviated", deviated);
    ObjectNode states = journal.putObject("steady_states");
    states.set("before", before);
    states.set("after", after);
    states.set("during", during);
    journal.set("run", run);
    journal.set("rollbacks", rollbacks);
    journal.put("end", end.toString());
    journal.put("duration", (System.nanoTime() - began) / 1e9);
    ObjectNode kintsugi = journal.putObject("kintsugi");
    kintsugi.set("time_to_detect_s", seconds(toDetect));
    kintsugi.set("time_to_recover_s", seconds(toRecover));
    if (held.isPresent()) {
      kintsugi.put("hypothesis_held", held.get());
    } else {
      kintsugi.putNull("hypothesis_held");
    }
    kintsugi.put("injected_at", injected == null ? null : injected.toString());
    kintsugi.put("recovered_at", recovered == null ? null : recovered.toString());
    kintsugi.set("runbook_runs", runbookRuns);
    masking.journal(journal);
    out.accept(
        "Experiment ended with status: "
            + (deviated ? "deviated" : status)
            + toDetect.map(d -> ", time to detect " + d.toMillis() / 1000.0 + " s").orElse("")
            + toRecover.map(d -> ", time to recover " + d.toMillis() / 1000.0 + " s").orElse(""));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new Journal(journal, status, deviated, toDetect, toRecover, held);
  }

  /**
   * Polls the hypothesis until it holds (returns when) or {@code within} has passed (null); stops
   * early (null) once Kintsugi's runbooks gave up: every run they began since {@code since} ended
   * without recovering (escalated or failed), so waiting out the window would only delay the
   * report.
   */
  private Instant awaitRecovery(
      Activities activities,
      Experiment.Hypothesis hypothesis,
      KintsugiExtension.Recovery recovery,
      ArrayNode during,
      Consumer<String> out,
      Optional<KintsugiClient> server,
      KintsugiExtension kintsugi,
      Instant since)
      throws InterruptedException {
    out.accept(
        "Waiting up to "
            + recovery.within().toMillis() / 1000.0
            + " s for the steady state to hold again (every "
            + recovery.every().toMillis()
            + " ms)");
    Instant deadline = clock.instant().plus(recovery.within());
    while (true) {
      ObjectNode state = activities.steadyState(hypothesis);
      during.add(state);
      if (Activities.met(state)) {
        return Instant.parse(lastEnd(state));
      }
      if (clock.instant().plus(recovery.every()).isAfter(deadline)) {
        out.accept(
            "The steady state did not hold again within "
                + recovery.within().toMillis() / 1000.0
                + " s");
        return null;
      }
      Optional<String> gaveUp = runbooksGaveUp(server, kintsugi, since);
      if (gaveUp.isPresent()) {
        out.accept("Not waiting for the rest of the window: " + gaveUp.get());
        return null;
      }
      Thread.sleep(recovery.every().toMillis());
    }
  }

  /** Why Kintsugi will not recover the system any more, when every run since then has ended so. */
  private static Optional<String> runbooksGaveUp(
      Optional<KintsugiClient> server, KintsugiExtension kintsugi, Instant since) {
    ArrayNode runs = runbookRuns(server, kintsugi, since, line -> {});
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    List<String> ended = new ArrayList<>();
    for (JsonNode run : runs) {
      String outcome = run.path("outcome").asText("");
      if (outcome.isEmpty() || outcome.equals("recovered")) {
        return Optional.empty(); // still acting, or it worked and the steady state may follow
      }
      ended.add(
          "run " + run.path("id").asText() + " (" + run.path("runbook").asText() + ") " + outcome);
    }
    return Optional.of("Kintsugi's runbooks gave up: " + String.join(", ", ended));
  }

  /** The end of a hypothesis check (it has probes): its last probe's end. */
  private static String lastEnd(JsonNode state) {
    JsonNode probes = state.path("probes");
    return probes.get(probes.size() - 1).path("end").asText();
  }

  /** The extension project's runbook runs detected since {@code since}, oldest first. */
  private static ArrayNode runbookRuns(
      Optional<KintsugiClient> server,
      KintsugiExtension kintsugi,
      Instant since,
      Consumer<String> out) {
    ArrayNode found = JsonNodeFactory.instance.arrayNode();
    if (server.isEmpty() || kintsugi.project().isEmpty()) {
      return found;
    }
    try {
      ArrayNode runs =
          RunbookRunsProbe.detectedSince(server.get().runs(kintsugi.project().get()), since);
      List<JsonNode> sorted = new ArrayList<>();
      runs.forEach(sorted::add);
      sorted.sort(Comparator.comparing(r -> r.path("detectedAt").asText()));
      for (JsonNode r : sorted) {
        ObjectNode s = found.addObject();
        for (String field :
            new String[] {
              "id",
              "runbook",
              "state",
              "outcome",
              "detectedAt",
              "actedAt",
              "recoveredAt",
              "timeToActionSeconds",
              "timeToRecoverySeconds"
            }) {
          s.set(field, r.get(field));
        }
      }
    } catch (IOException e) {
      out.accept("Cannot read the runbook runs of the Kintsugi server: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return found;
  }

  private static JsonNode seconds(Optional<Duration> d) {
    return d.<JsonNode>map(x -> JsonNodeFactory.instance.numberNode(x.toMillis() / 1000.0))
        .orElse(JsonNodeFactory.instance.nullNode());
  }

  private static String version() {
    String v = ChaosRunner.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
