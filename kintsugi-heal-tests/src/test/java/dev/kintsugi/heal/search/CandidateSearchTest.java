package dev.kintsugi.heal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.heal.loop.Progress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The search policy on its own: repairers and the validation are plain functions here, so rounds,
 * ordering, deduplication, feedback, combinations and the budget are tested without Maven.
 */
class CandidateSearchTest {

  static final String FILE = "src/main/java/C.java";
  static final String BEFORE = "class C {\n  int a = 1;\n  int b = 2;\n  int c = 3;\n}\n";
  static final TestOutcome FAILING =
      new TestOutcome(new TestId("CTest", "t"), TestStatus.FAILED, 1, "AssertionError", "", "");

  final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  final List<String> validated = Collections.synchronizedList(new ArrayList<>());
  final SearchTally tally = new SearchTally();

  static Candidate edit(String repairer, String from, String to, double score) {
    return new Candidate(
        repairer,
        from + " → " + to,
        List.of(new FileChange(FILE, BEFORE, BEFORE.replace(from, to))),
        score);
  }

  /** A repairer answering each round from a script, recording what it was asked. */
  static final class Scripted implements Repairer {
    final String name;
    final Map<Integer, List<Candidate>> byRound;
    final List<RepairRequest> requests = new ArrayList<>();

    Scripted(String name, Map<Integer, List<Candidate>> byRound) {
      this.name = name;
      this.byRound = byRound;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<Candidate> propose(RepairRequest request) {
      requests.add(request);
      return byRound.getOrDefault(request.round(), List.of());
    }
  }

  static Verdict plausible(Candidate c) {
    return new Verdict(
        c, List.of(GateVerdict.pass("relevant-tests-pass", "1 test(s) pass")), true, 1);
  }

  static Verdict failing(Candidate c, int fixed, String evidence) {
    return new Verdict(
        c,
        List.of(
            GateVerdict.pass("compiles", ""), GateVerdict.reject("failing-tests-pass", evidence)),
        true,
        fixed);
  }

  CandidateSearch search(
      List<Repairer> repairers,
      Function<Candidate, Verdict> judge,
      CandidateSearch.Settings settings,
      AtomicBoolean expired) {
    return new CandidateSearch(
        repairers,
        c -> {
          validated.add(c.description());
          return judge.apply(c);
        },
        new CandidateSearch.Problem(
            Path.of("/nonexistent"),
            new Diagnosis(List.of(new RankedLocation(FILE, 2, 1.0, "frame")), "C.java:2"),
            List.of(FAILING)),
        settings,
        expired::get,
        Progress.silent(),
        warnings::add,
        Clock.systemUTC(),
        tally);
  }

  static CandidateSearch.Settings oneAtATime(int explore) {
    return new CandidateSearch.Settings(1, explore, 400);
  }

  @Test
  void everyRepairersCandidatesAreTriedBestScoreFirstAndTheRoundStopsAfterItsExploration() {
    Scripted templates =
        new Scripted(
            "template",
            Map.of(
                1, List.of(edit("template:a", "1", "0", 0.9), edit("template:b", "2", "0", 0.5))));
    Scripted model =
        new Scripted(
            "llm", Map.of(1, List.of(edit("llm:m", "3", "0", 0.7), edit("llm:m", "1", "9", 0.1))));
    try (CandidateSearch search =
        search(
            List.of(templates, model),
            c -> c.description().equals("3 → 0") ? plausible(c) : failing(c, 0, "still red"),
            oneAtATime(1),
            new AtomicBoolean())) {
      List<Verdict> plausible = search.round(1);

      assertThat(plausible).extracting(v -> v.candidate().description()).containsExactly("3 → 0");
      // Interleaved by score across repairers; one more after the first plausible, then stop.
      assertThat(validated).containsExactly("1 → 0", "3 → 0", "2 → 0");
      assertThat(tally.generated()).isEqualTo(4);
      assertThat(tally.tested()).isEqualTo(3);
      assertThat(tally.toFirstPlausible()).isEqualTo(2);
      assertThat(tally.rejectedBy()).containsEntry("failing-tests-pass", 2);
    }
  }

  @Test
  void theNextRoundIsToldWhyTheLastRoundsCandidatesFailedAndNothingIsTriedTwice() {
    Candidate modelTry = edit("llm:m", "1", "5", 0.6);
    Candidate partial = edit("template:a", "2", "7", 0.5);
    Candidate useless = edit("template:b", "3", "8", 0.4);
    Scripted model = new Scripted("llm", Map.of(1, List.of(modelTry), 2, List.of(modelTry)));
    Scripted templates = new Scripted("template", Map.of(1, List.of(partial, useless)));
    try (CandidateSearch search =
        search(
            List.of(model, templates),
            c ->
                failing(
                    c,
                    c == partial ? 1 : 0,
                    "CTest.t failed: expected <3> but was <" + c.description() + ">"),
            oneAtATime(10),
            new AtomicBoolean())) {
      search.round(1);
      search.round(2);
    }

    assertThat(model.requests.get(0).previous()).isEmpty();
    List<Verdict> told = model.requests.get(1).previous();
    // The model's own attempt with its evidence, then the partial fix; not the useless one.
    assertThat(told).extracting(v -> v.candidate().description()).containsExactly("1 → 5", "2 → 7");
    assertThat(told.get(0).rejection().orElseThrow().evidence()).contains("but was <1 → 5>");
    assertThat(templates.requests.get(1).previous()).isEqualTo(told);
    // The model's repeat in round 2 is a duplicate: validated once.
    assertThat(validated).filteredOn("1 → 5"::equals).hasSize(1);
  }

  @Test
  void partialFixesAreCombinedFromTheSecondRound() {
    TestOutcome other =
        new TestOutcome(new TestId("CTest", "u"), TestStatus.FAILED, 1, "AssertionError", "", "");
    Candidate first = edit("template:a", "1", "0", 0.9);
    Candidate second = edit("template:b", "3", "0", 0.8);
    Scripted templates = new Scripted("template", Map.of(1, List.of(first, second)));
    try (CandidateSearch search =
        new CandidateSearch(
            List.of(templates),
            c -> {
              validated.add(c.description());
              boolean both =
                  c.changes().get(0).after().contains("a = 0")
                      && c.changes().get(0).after().contains("c = 0");
              return both ? plausible(c) : failing(c, 1, "one of two still fails");
            },
            new CandidateSearch.Problem(
                Path.of("/nonexistent"),
                new Diagnosis(List.of(new RankedLocation(FILE, 2, 1.0, "frame")), ""),
                List.of(FAILING, other)),
            oneAtATime(0),
            () -> false,
            Progress.silent(),
            warnings::add,
            Clock.systemUTC(),
            tally)) {
      assertThat(search.round(1)).isEmpty();
      List<Verdict> plausible = search.round(2);

      assertThat(plausible).hasSize(1);
      assertThat(plausible.get(0).candidate().repairer()).isEqualTo("template:a+b");
    }
  }

  @Test
  void aFailingRepairerCostsOnlyItsOwnCandidates() {
    Repairer broken =
        new Repairer() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public List<Candidate> propose(RepairRequest request) {
            throw new IllegalStateException("model endpoint said no");
          }
        };
    Scripted templates =
        new Scripted("template", Map.of(1, List.of(edit("template:a", "1", "0", 0.9))));
    try (CandidateSearch search =
        search(
            List.of(broken, templates),
            CandidateSearchTest::plausible,
            oneAtATime(0),
            new AtomicBoolean())) {
      assertThat(search.round(1)).hasSize(1);
    }
    assertThat(warnings).containsExactly("repairer broken failed: model endpoint said no");
  }

  @Test
  void aSpentBudgetEndsTheRoundBeforeTheNextCandidate() {
    AtomicBoolean expired = new AtomicBoolean();
    Scripted templates =
        new Scripted(
            "template",
            Map.of(
                1, List.of(edit("template:a", "1", "0", 0.9), edit("template:b", "2", "0", 0.8))));
    try (CandidateSearch search =
        search(
            List.of(templates),
            c -> {
              expired.set(true);
              return failing(c, 0, "red");
            },
            oneAtATime(0),
            expired)) {
      assertThat(search.round(1)).isEmpty();
    }
    assertThat(validated).containsExactly("1 → 0");
  }

  @Test
  void parallelValidationConsumesVerdictsInCandidateOrder() {
    Scripted templates =
        new Scripted(
            "template",
            Map.of(
                1,
                List.of(
                    edit("template:a", "1", "0", 0.9),
                    edit("template:b", "2", "0", 0.8),
                    edit("template:c", "3", "0", 0.7))));
    try (CandidateSearch search =
        search(
            List.of(templates),
            c -> {
              if (c.description().equals("1 → 0")) {
                sleep(200); // the first candidate finishes last
              }
              return plausible(c);
            },
            new CandidateSearch.Settings(2, 0, 400),
            new AtomicBoolean())) {
      List<Verdict> plausible = search.round(1);

      // Both of the first window are plausible, in candidate order; exploration 0 stops there.
      assertThat(plausible)
          .extracting(v -> v.candidate().description())
          .containsExactly("1 → 0", "2 → 0");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
