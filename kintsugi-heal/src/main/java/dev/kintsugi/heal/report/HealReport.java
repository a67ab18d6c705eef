package dev.kintsugi.heal.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The heal report, as specified in DESIGN.md ("Heal report"). Other tools read it: field names and
 * meanings are a contract. Optional parts are {@code null} (omitted) when not applicable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealReport(
    Status status,
    String reason,
    String repo,
    String baseCommit,
    String branch,
    String commit,
    List<String> failingTests,
    DiagnosisPart diagnosis,
    FixPart fix,
    CandidateCounts candidates,
    int rounds,
    Timings timingsMs,
    List<String> warnings,
    Map<String, Integer> rejectedBy,
    LlmPart llm,
    ReproductionPart reproduction,
    PolicyPart policy,
    PullRequestPart pullRequest) {

  public HealReport {
    failingTests = failingTests == null ? List.of() : List.copyOf(failingTests);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    rejectedBy = rejectedBy == null ? Map.of() : Map.copyOf(new java.util.TreeMap<>(rejectedBy));
  }

  /** The report of a heal that failed before it could start (nothing ran, nothing counted). */
  public static HealReport error(String reason) {
    return new HealReport(
        Status.ERROR,
        reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new CandidateCounts(0, 0, 0),
        0,
        new Timings(0, 0, 0, 0),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This report with more warnings at the end (things the caller of the heal noticed). */
  public HealReport withMoreWarnings(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new HealReport(
        status,
        reason,
        repo,
        baseCommit,
        branch,
        commit,
        failingTests,
        diagnosis,
        fix,
        candidates,
        rounds,
        timingsMs,
        all,
        rejectedBy,
        llm,
        reproduction,
        policy,
        pullRequest);
  }

  /** How the heal ended. */
  public enum Status {
    @JsonProperty("fixed")
    FIXED,
    @JsonProperty("not_fixed")
    NOT_FIXED,
    @JsonProperty("error")
    ERROR,
    /** All tests already pass: nothing to heal. */
    @JsonProperty("healthy")
    HEALTHY
  }

  /** Ranked locations and a summary. */
  public record DiagnosisPart(List<Location> locations, String summary) {}

  /**
   * One ranked location.
   *
   * @param code the line's source text in the healed commit, trimmed and cut to {@link
   *     #MAX_CODE_CHARS}; null (omitted) when it could not be read
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Location(String file, int line, double score, String code) {

    /** Longest line text a location keeps. */
    public static final int MAX_CODE_CHARS = 300;

    /** A location without its line's text. */
    public Location(String file, int line, double score) {
      this(file, line, score, null);
    }
  }

  /**
   * The delivered fix.
   *
   * @param concerns why it may still be wrong (e.g. {@code leaves field total@Cart unread}); empty
   *     when the ranking saw none
   * @param alternatives the other plausible fixes of its round, most likely right first: they
   *     passed the same tests, so where they differ the tests do not decide
   * @param confidenceParts what the confidence is made of ({@code validated}, {@code coverage},
   *     {@code size}, {@code location}, {@code agreement}, {@code reproduction}, {@code repairer},
   *     {@code concerns}), each weighted, summing to it
   */
  public record FixPart(
      String diff,
      List<String> files,
      String repairer,
      double confidence,
      String explanation,
      List<String> concerns,
      List<Alternative> alternatives,
      Map<String, Double> confidenceParts) {

    public FixPart {
      concerns = concerns == null ? List.of() : List.copyOf(concerns);
      alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
      confidenceParts =
          confidenceParts == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(
                  new java.util.LinkedHashMap<>(confidenceParts));
    }

    /** A fix with no concerns, no alternatives and no parts of its confidence. */
    public FixPart(
        String diff, List<String> files, String repairer, double confidence, String explanation) {
      this(diff, files, repairer, confidence, explanation, List.of(), List.of(), Map.of());
    }
  }

  /**
   * A plausible fix that was not chosen.
   *
   * @param where {@code file:line} of its first changed line
   * @param repairer who proposed it
   * @param description what it does
   * @param concerns why the ranking put it lower, if it saw a reason
   */
  public record Alternative(
      String where, String repairer, String description, List<String> concerns) {
    public Alternative {
      concerns = concerns == null ? List.of() : List.copyOf(concerns);
    }
  }

  /**
   * Candidate counts: proposed by all repairers, compiled and run, passed every test; of the
   * tested, how many ran in a warm session (Spring contexts kept, method bodies swapped in); and
   * how many were tested up to and including the first plausible one (0 when none was).
   */
  public record CandidateCounts(
      int generated, int tested, int plausible, int warm, int toFirstPlausible) {

    /** Counts of a heal that ran no candidate warm. */
    public CandidateCounts(int generated, int tested, int plausible) {
      this(generated, tested, plausible, 0, 0);
    }
  }

  /**
   * What the model did, when one was configured. The root-cause sentence is the model's text: shown
   * to people, never acted on.
   */
  public record LlmPart(
      String repairer,
      int requests,
      int failedRequests,
      long tokens,
      String diagnosis,
      String stoppedReason) {}

  /**
   * The reproduction test of a production error, when the heal started from one.
   *
   * @param test the test method ({@code Class#method}), or null when none could be built
   * @param file the test file, added to the fix commit when confirmed
   * @param confirmed whether it failed the way the production error did (and so was used)
   * @param notes what was tried, and why a reproduction was or was not possible
   * @param source the generated test's Java source, cut to {@link #MAX_SOURCE_BYTES} (the notes
   *     then say so); null (omitted) when no test was generated
   */
  public record ReproductionPart(
      String test,
      String file,
      boolean confirmed,
      List<String> notes,
      @JsonInclude(JsonInclude.Include.NON_NULL) String source) {

    /** Most UTF-8 bytes of a reproduction test's source a report keeps. */
    public static final int MAX_SOURCE_BYTES = 64 * 1024;

    /** A reproduction part without the test's source. */
    public ReproductionPart(String test, String file, boolean confirmed, List<String> notes) {
      this(test, file, confirmed, notes, null);
    }
  }

  /**
   * What the policy decided for the fix, and why.
   *
   * @param source the policy file ({@code .kintsugi/policy.yml at 1a2b3c4d}) or {@code none}
   * @param decision {@code auto_merge}, {@code require_approval}, {@code notify_only} or {@code
   *     withheld}
   * @param explanation the decision in one sentence, with the numbers that decided it
   * @param delivered what was done about it ({@code pull request #12 opened, approval required},
   *     {@code branch pushed, no pull request}, ...)
   */
  public record PolicyPart(
      String source,
      String environment,
      String criticality,
      String decision,
      String explanation,
      String delivered) {

    /** The same decision, delivered otherwise. */
    public PolicyPart delivered(String what) {
      return new PolicyPart(source, environment, criticality, decision, explanation, what);
    }
  }

  /**
   * The pull (or merge) request that carries the fix.
   *
   * @param url the request's page on the forge
   * @param number its number ({@code iid} on GitLab)
   * @param mergeCommit the commit that merged it, when the heal merged it (the policy allowed it
   *     and its checks passed); null (omitted) otherwise
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PullRequestPart(String url, int number, String mergeCommit) {

    /** A request the heal left open. */
    public PullRequestPart(String url, int number) {
      this(url, number, null);
    }
  }

  /**
   * Milliseconds spent: in all, localizing, generating and validating candidates, getting the
   * prepared release (0 when the heal built the commit itself; the build's time when it was this
   * heal that prepared it), and confirming fixes with the project's build.
   */
  public record Timings(
      long total, long localize, long generate, long validate, long prepare, long confirm) {
    public Timings(long total, long localize, long generate, long validate) {
      this(total, localize, generate, validate, 0, 0);
    }
  }
}
