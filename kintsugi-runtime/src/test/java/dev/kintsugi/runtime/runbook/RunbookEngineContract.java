package dev.kintsugi.runtime.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runbook engine, the same on every database: subclasses say which. */
abstract class RunbookEngineContract extends RunbookFixture {

  @Test
  void aVerifiedRunIsStoredWithItsTimesAndAudited() throws Exception {
    RunbookEngine engine = engine(RESTART, ALLOW_ALL);
    signals.recoversAt = T0.plusSeconds(40);
    clock.set(T0.plusSeconds(10));

    engine.accept(failing(T0));

    assertThat(actions.calls).containsExactly("restart:shop");
    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(run.state()).isEqualTo("done");
    assertThat(run.outcome()).hasValue("recovered");
    assertThat(run.signalKind()).isEqualTo("health");
    assertThat(run.signal()).contains("shop-http failed 3 time(s)");
    assertThat(run.detectedAt()).isEqualTo(T0);
    assertThat(run.actedAt()).hasValue(T0.plusSeconds(10));
    assertThat(run.recoveredAt()).hasValue(T0.plusSeconds(40));
    assertThat(run.timeToRecovery()).hasValue(Duration.ofSeconds(40));
    assertThat(runs.steps(run.id()))
        .extracting(RunbookRun.Step::phase, RunbookRun.Step::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("do", "done"));
    assertThat(audited())
        .containsExactly(
            "project.created", "runtime.triggered", "runtime.action", "runtime.verified");
    AuditEntry verified = audited("runtime.verified").get(0);
    assertThat(verified.project()).isEqualTo(store.projects().get(0).id());
    assertThat(verified.detail()).containsEntry("time_to_recovery", "PT40S");
    assertThat(escalations).isEmpty();
    assertThat(audit.verify(Optional.empty()).ok()).isTrue();
  }

  @Test
  void aFailedVerifyUndoesTheReversibleActionsNewestFirstAndEscalates() throws Exception {
    RunbookEngine engine =
        engine(
            """
            - name: heal-shop
              project: shop
              when: { alert: HighErrorRate }
              do:
                - flag: { name: a }
                - circuit: { name: b }
                - restart: { name: c, undoable: false }
              verify: { within: 30s, every: 10s }
              else: [ undo, escalate ]
            """,
            ALLOW_ALL);

    engine.accept(new RuntimeSignal.Alert("shop", "HighErrorRate", T0, true, java.util.Map.of()));

    assertThat(actions.calls)
        .containsExactly("flag:a", "circuit:b", "restart:c", "undo circuit:b", "undo flag:a");
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(30));
    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(run.outcome()).hasValue("escalated");
    assertThat(run.recoveredAt()).isEmpty();
    assertThat(runs.steps(run.id()))
        .extracting(RunbookRun.Step::phase)
        .containsExactly("do", "do", "do", "undo", "undo");
    assertThat(escalations).hasSize(1);
    assertThat(escalations.get(0).reason()).isEqualTo("not recovered within PT30S");
    assertThat(escalations.get(0).run()).isEqualTo(run.id());
    assertThat(audited())
        .containsSubsequence(
            "runtime.not_verified", "runtime.undone", "runtime.undone", "runtime.escalated");
  }

  @Test
  void anActionThatDoesNotTakeStopsTheRunAndEscalatesWithoutVerifying() throws Exception {
    RunbookEngine engine =
        engine(
            """
            - name: heal-shop
              project: shop
              when: { health: shop-http }
              do: [ { flag: { name: a } }, { restart: { name: b, works: false } }, { flag: { name: c } } ]
            """,
            ALLOW_ALL);

    engine.accept(failing(T0));

    assertThat(actions.calls).containsExactly("flag:a", "restart:b", "undo flag:a");
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(escalations.get(0).reason()).isEqualTo("no action of step 2 took effect");
  }

  @Test
  void aCooldownRefusesASecondRunUntilItPasses() throws Exception {
    RunbookEngine engine =
        engine(RESTART + "  guards: { cooldown: 5m, maxAttemptsPerHour: 10 }\n", ALLOW_ALL);
    signals.recoversAt = T0;

    engine.accept(failing(T0));
    clock.set(T0.plusSeconds(60));
    engine.accept(failing(clock.instant()));
    clock.set(T0.plusSeconds(90));
    engine.accept(failing(clock.instant()));

    assertThat(runs.runs("shop", 10)).hasSize(1);
    assertThat(audited("runtime.skipped")).hasSize(1); // the same reason is audited once
    assertThat(audited("runtime.skipped").get(0).detail().get("reason"))
        .startsWith("cooldown PT5M");

    clock.set(T0.plusSeconds(301));
    engine.accept(failing(clock.instant()));
    assertThat(runs.runs("shop", 10)).hasSize(2);
  }

  @Test
  void atMostMaxAttemptsRunInAnHour() throws Exception {
    RunbookEngine engine =
        engine(RESTART + "  guards: { cooldown: 0s, maxAttemptsPerHour: 2 }\n", ALLOW_ALL);
    signals.recoversAt = T0;

    for (int minute = 0; minute < 4; minute++) {
      clock.set(T0.plusSeconds(60L * minute));
      engine.accept(failing(clock.instant()));
    }

    assertThat(runs.runs("shop", 10)).hasSize(2);
    assertThat(audited("runtime.skipped").get(0).detail().get("reason"))
        .isEqualTo("2 run(s) in the last hour, maxAttemptsPerHour 2");
    clock.set(T0.plusSeconds(3601));
    engine.accept(failing(clock.instant()));
    assertThat(runs.runs("shop", 10)).hasSize(3);
  }

  @Test
  void aDryRunDoesNothingButRecordsAndAuditsWhatItWouldDo() throws Exception {
    RunbookEngine engine = engine(RESTART + "  guards: { dryRun: true }\n", Policy.NONE);

    engine.accept(failing(T0));

    assertThat(actions.calls).isEmpty();
    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(run.outcome()).hasValue("dry_run");
    assertThat(run.dryRun()).isTrue();
    assertThat(run.actedAt()).isEmpty();
    assertThat(runs.steps(run.id())).extracting(RunbookRun.Step::state).containsExactly("dry_run");
    AuditEntry dry = audited("runtime.dry_run").get(0);
    assertThat(dry.detail()).containsEntry("would_do", "restart shop");
    assertThat(dry.detail().get("approval")).contains("approval");
    assertThat(escalations).isEmpty();
  }

  @Test
  void anActionThePolicyDoesNotAllowRefusesTheRunAndEscalates() throws Exception {
    RunbookEngine engine =
        engine(
            RESTART.replace("restart: { name: shop }", "command: { name: rm }"),
            policy("runtime: { production: { allowed: [ restart, flag ] } }"));

    engine.accept(failing(T0));

    assertThat(actions.calls).isEmpty();
    RunbookRun run = runs.runs("shop", 10).get(0);
    assertThat(run.outcome()).hasValue("refused");
    assertThat(audited("runtime.refused").get(0).detail().get("reason"))
        .contains("command is not allowed in production");
    assertThat(escalations)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).startsWith("refused by policy"));
  }

  @Test
  void aRunThatNeedsApprovalWaitsAndContinuesOnceApproved() throws Exception {
    RunbookEngine engine =
        engine(RESTART, policy("runtime: { production: { requireApproval: [ restart ] } }"));
    signals.recoversAt = T0.plusSeconds(5);

    engine.accept(failing(T0));

    RunbookRun waiting = runs.runs("shop", 10).get(0);
    assertThat(waiting.state()).isEqualTo("awaiting_approval");
    assertThat(waiting.approval()).isEqualTo("required");
    assertThat(actions.calls).isEmpty();
    assertThat(audited("runtime.approval_requested").get(0).detail().get("reason"))
        .contains("requireApproval");

    clock.set(T0.plusSeconds(600));
    engine.accept(failing(clock.instant())); // the same episode: no second run
    assertThat(runs.runs("shop", 10)).hasSize(1);

    assertThat(engine.approve(waiting.id(), "alice")).isTrue();

    RunbookRun done = runs.run(waiting.id()).orElseThrow();
    assertThat(actions.calls).containsExactly("restart:shop");
    assertThat(done.outcome()).hasValue("recovered");
    assertThat(done.approval()).isEqualTo("approved");
    assertThat(done.approvedBy()).hasValue("alice");
    assertThat(done.timeToAction()).hasValue(Duration.ofSeconds(600));
    assertThat(audited("runtime.approved").get(0).actor()).isEqualTo("alice");
    assertThat(engine.approve(waiting.id(), "bob")).isFalse();
  }

  @Test
  void aRejectedRunEndsWithoutActingAndFreesTheRunbook() throws Exception {
    RunbookEngine engine =
        engine(RESTART + "  guards: { approval: required, cooldown: 0s }\n", ALLOW_ALL);
    signals.recoversAt = T0;

    engine.accept(failing(T0));
    long id = runs.runs("shop", 10).get(0).id();
    assertThat(engine.reject(id, "alice", "not during the sale")).isTrue();

    RunbookRun run = runs.run(id).orElseThrow();
    assertThat(run.outcome()).hasValue("rejected");
    assertThat(run.approvalNote()).hasValue("not during the sale");
    assertThat(actions.calls).isEmpty();
    assertThat(audited("runtime.rejected").get(0).detail())
        .containsEntry("reason", "not during the sale");
    assertThat(engine.approve(id, "bob")).isFalse();

    engine.accept(failing(T0.plusSeconds(1)));
    assertThat(runs.runs("shop", 10)).hasSize(2);
  }

  @Test
  void withoutAPolicyEveryRunWaitsForApproval() throws Exception {
    RunbookEngine engine = engine(RESTART, Policy.NONE);

    engine.accept(failing(T0));

    assertThat(runs.runs("shop", 10).get(0).state()).isEqualTo("awaiting_approval");
    assertThat(actions.calls).isEmpty();
  }

  @Test
  void signalsOfOtherProjectsOrThatDoNotMatchStartNothing() throws Exception {
    RunbookEngine engine = engine(RESTART, ALLOW_ALL);

    engine.accept(new RuntimeSignal.Health("other", "shop-http", T0, false, 3, "down"));
    engine.accept(new RuntimeSignal.Health("shop", "shop-http", T0, false, 2, "down"));
    engine.accept(new RuntimeSignal.Health("shop", "shop-http", T0, true, 3, "up"));

    assertThat(runs.runs("shop", 10)).isEmpty();
  }

  @Test
  void theAlternativeThatVerifiedMoreOftenRunsFirst() throws Exception {
    RunbookEngine engine =
        engine(
            """
            - name: heal-shop
              project: shop
              when: { anomaly: shop/p99, score: 0.9 }
              do: [ { best: [ { flag: { name: a } }, { circuit: { name: b } } ] } ]
              verify: { within: 10s, every: 5s }
              else: [ escalate ]
              guards: { cooldown: 0s, maxAttemptsPerHour: 100 }
            """,
            ALLOW_ALL);
    RuntimeSignal.Anomaly spike = new RuntimeSignal.Anomaly("shop", "shop/p99", T0, 3.2, 0.97);

    engine.accept(spike); // untried: written order, flag; it does not help
    assertThat(actions.calls).containsExactly("flag:a");
    assertThat(engine.learning().share("anomaly", "flag")).isEqualTo(1.0 / 3);

    actions.calls.clear();
    signals.recoversAt = clock.instant(); // now anything helps
    engine.accept(spike);
    assertThat(actions.calls).containsExactly("circuit:b");
    assertThat(engine.learning().share("anomaly", "circuit")).isEqualTo(2.0 / 3);

    actions.calls.clear();
    engine.accept(spike);
    assertThat(actions.calls).containsExactly("circuit:b");
    assertThat(engine.learning().share("health", "circuit")).isEqualTo(0.5); // per signal kind
  }

  @Test
  void aBestAlternativeThatDoesNotTakeFallsThroughToTheNext() throws Exception {
    RunbookEngine engine =
        engine(
            """
            - name: heal-shop
              project: shop
              when: { health: shop-http }
              do: [ { best: [ { flag: { name: a, works: false } }, { circuit: { name: b } } ] } ]
            """,
            ALLOW_ALL);
    signals.recoversAt = T0;

    engine.accept(failing(T0));

    assertThat(actions.calls).containsExactly("flag:a", "circuit:b");
    assertThat(runs.runs("shop", 1).get(0).outcome()).hasValue("recovered");
  }

  @Test
  void anIncidentRecoversWhenNoEventArrivesDuringTheWholeWindow() throws Exception {
    RunbookEngine engine =
        engine(
            """
            - name: oom
              project: shop
              when: { incident: { exception: java.lang.OutOfMemoryError } }
              do: [ { restart: { name: shop } } ]
              verify: { within: 2m, every: 30s }
              guards: { cooldown: 0s }
            """,
            ALLOW_ALL);

    engine.accept(new RuntimeSignal.NewIncident("shop", 7, "fp", "java.lang.OutOfMemoryError", T0));

    RunbookRun run = runs.runs("shop", 1).get(0);
    assertThat(run.incident()).hasValue(7L);
    assertThat(run.outcome()).hasValue("recovered");
    assertThat(run.recoveredAt()).hasValue(T0.plusSeconds(120));
    assertThat(audited("runtime.triggered").get(0).incident()).isEqualTo(7L);

    signals.incidentEvents = 3;
    engine.accept(new RuntimeSignal.NewIncident("shop", 7, "fp", "java.lang.OutOfMemoryError", T0));
    assertThat(runs.runs("shop", 1).get(0).outcome()).hasValue("escalated");
  }

  @Test
  void aRestartEndsRunsLeftHalfDoneAndKeepsThoseAwaitingApproval() throws Exception {
    RunbookEngine first = engine(RESTART, Policy.NONE);
    first.accept(failing(T0));
    long awaiting = runs.runs("shop", 1).get(0).id();
    long halfDone =
        runs.start(
            new RunbookRuns.Start(
                "shop", "other", "alert", "alert X firing", Optional.empty(), false, T0));
    runs.state(halfDone, "acting");

    RunbookEngine restarted = engine(RESTART, Policy.NONE);
    signals.recoversAt = T0;
    restarted.resume();

    assertThat(runs.run(halfDone).orElseThrow().outcome()).hasValue("interrupted");
    assertThat(escalations).singleElement().satisfies(e -> assertThat(e.run()).isEqualTo(halfDone));
    assertThat(runs.run(awaiting).orElseThrow().state()).isEqualTo("awaiting_approval");
    restarted.accept(failing(T0.plusSeconds(900)));
    assertThat(runs.runs("shop", 10)).hasSize(2); // still one episode for restart-shop
    assertThat(restarted.approve(awaiting, "alice")).isTrue();
    assertThat(actions.calls).containsExactly("restart:shop");
  }

  @Test
  void mttrIsReportedPerProjectAndRunbook() throws Exception {
    RunbookEngine engine =
        engine(
            RESTART.replace("restart-shop", "a") + RESTART.replace("restart-shop", "b"), ALLOW_ALL);
    // a: detected at T0, acted at +10s, recovered at +30s
    clock.set(T0.plusSeconds(10));
    signals.recoversAt = T0.plusSeconds(30);
    engine.accept(failing(T0));

    Mttr mttr = Mttr.of("shop", runs.runsSince("shop", T0.minusSeconds(1)));

    assertThat(mttr.byRunbook()).containsOnlyKeys("a", "b");
    Mttr.Figures a = mttr.byRunbook().get("a");
    assertThat(a.runs()).isEqualTo(1);
    assertThat(a.meanToAction()).hasValue(Duration.ofSeconds(10));
    assertThat(a.meanToRecovery()).hasValue(Duration.ofSeconds(30));
    assertThat(mttr.overall().runs()).isEqualTo(2);
    assertThat(mttr.overall().recoveredShare()).isEqualTo(1.0);
  }
}
