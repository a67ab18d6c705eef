package dev.kintsugi.llm;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.learn.FixExample;
import dev.kintsugi.core.learn.FixExamples;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.Descriptions;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.core.signal.SecretScrubber;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Agentless LLM repair: builds a context pack (failing output, suspicious code, enclosing file,
 * tests, imported types, similar past fixes), asks the model for {@link
 * LlmConfig#candidatesPerRound()} samples of a diagnosis and a patch, and turns each sample that
 * applies into a {@link Candidate} (repairer string {@code llm:<provider>/<model>}). Where the
 * endpoint returns several choices per request (OpenAI-compatible: {@code n}) the samples come in
 * one request; elsewhere one request per sample, all in flight at once ({@link Sampler}). Either
 * way candidates keep the samples' order. From round 2 the request carries the previous round's
 * verdicts ({@link RepairRequest#previous()}: diffs, the refusing gate, compiler messages, failing
 * assertions and traces); they go into the prompt as untrusted data, so the model is told why its
 * last attempt failed.
 *
 * <p>Model replies are untrusted: they are parsed for edits, never executed; the candidate they
 * become goes through all of the heal loop's gates like any other. A reply that cannot be applied
 * becomes no candidate and a reason in {@link #usage()}. Request failures, timeouts and an
 * exhausted budget never throw: the repairer proposes nothing and says why.
 *
 * <p>One instance per heal (it holds that heal's budget). Thread-safe.
 *
 * <p>Stability: experimental.
 */
public final class LlmRepairer implements Repairer {

  public static final String NAME = "llm";

  private static final int MAX_FEEDBACK = 8;
  private static final int MAX_EXAMPLES = 2;

  private final LlmConfig config;
  private final Budgeted client;
  private final Sampler sampler;
  private final TokenCounter tokens;
  private final SecretScrubber scrubber;
  private final FixExamples examples;
  private final Random random;
  private final List<String> rejected = new ArrayList<>();
  private String diagnosis = "";
  private String lastPrompt = "";

  LlmRepairer(
      LlmConfig config, Budgeted client, TokenCounter tokens, FixExamples examples, Random random) {
    this.config = config;
    this.client = client;
    this.sampler = new Sampler(client);
    this.tokens = tokens;
    this.scrubber = new SecretScrubber(List.of(config.apiKey()));
    this.examples = examples;
    this.random = random;
  }

  /** A repairer for this configuration, or empty for provider {@code none}. */
  public static Optional<LlmRepairer> create(LlmConfig config) {
    return create(config, null);
  }

  /**
   * A repairer for this configuration that takes few-shot examples of past fixes from {@code
   * examples} (may be null: no examples), or empty for provider {@code none}.
   */
  public static Optional<LlmRepairer> create(LlmConfig config, FixExamples examples) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        create(
            config,
            LangChainChatClient.of(config),
            examples,
            new SecureRandom(),
            Thread::sleep,
            500));
  }

  static LlmRepairer create(
      LlmConfig config,
      ChatClient chat,
      FixExamples examples,
      Random random,
      Budgeted.Sleeper sleeper,
      long backoffMillis) {
    TokenCounter tokens = TokenCounter.forConfig(config);
    Budgeted budgeted =
        new Budgeted(
            chat,
            config.maxRequests(),
            config.maxTokens(),
            config.maxRetries(),
            backoffMillis,
            sleeper,
            tokens);
    return new LlmRepairer(config, budgeted, tokens, examples, random);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@code llm:<provider>/<model>}, the repairer string of this repairer's candidates. */
  public String id() {
    return config.repairerId();
  }

  @Override
  public synchronized List<Candidate> propose(RepairRequest request) {
    if (client.exhausted()) {
      return List.of();
    }
    WorkspaceFiles files = new WorkspaceFiles(request.root());
    List<RankedLocation> locations =
        request.diagnosis().top(Math.max(1, Math.min(request.maxLocations(), 10)));
    String defaultFile = locations.isEmpty() ? null : locations.get(0).file();
    int preferredLine = locations.isEmpty() ? 1 : locations.get(0).line();
    List<FixExample> similar =
        examples == null ? List.of() : examples.similar(request.failing(), MAX_EXAMPLES);
    PatchApplier applier = new PatchApplier(files, defaultFile, preferredLine);
    ContextPack.Input input =
        new ContextPack.Input(
            request.failing(), locations, feedbackText(request.previous()), similar);
    // each prompt gets its own nonce, drawn here in sample order before anything is sent
    Sampler.Prompter prompter =
        (attempt, attempts) -> {
          UntrustedText untrusted = new UntrustedText(random, scrubber);
          String context =
              new ContextPack(untrusted, files, config.contextTokens(), tokens).build(input);
          String user = untrusted.scrub(Prompts.user(context, attempt, attempts, request.round()));
          lastPrompt = user;
          return new Sampler.Prompt(Prompts.system(untrusted), user);
        };
    List<Candidate> candidates = new ArrayList<>();
    Set<List<FileChange>> seen = new HashSet<>();
    for (Sampler.Reply reply : sampler.draw(config.candidatesPerRound(), prompter)) {
      toCandidate(request.round(), reply, applier, seen).ifPresent(candidates::add);
    }
    return candidates;
  }

  /** The candidate one sample makes, or empty with the reason recorded. */
  private Optional<Candidate> toCandidate(
      int round, Sampler.Reply reply, PatchApplier applier, Set<List<FileChange>> seen) {
    String where = "round " + round + " reply " + reply.number();
    boolean truncated = reply.sample().truncated();
    ReplyParser.Parsed parsed = ReplyParser.parse(reply.sample().text());
    if (!parsed.diagnosis().isEmpty()) {
      diagnosis = Descriptions.oneLine(scrubber.scrub(parsed.diagnosis()), 600);
    }
    if (!parsed.problems().isEmpty() || parsed.edits().isEmpty()) {
      String problem =
          parsed.problems().isEmpty() ? "no edits" : String.join("; ", parsed.problems());
      if (truncated) {
        problem += " (the reply hit the output token limit)";
      }
      reject(where + ": " + problem);
      return Optional.empty();
    }
    PatchApplier.Result result = applier.apply(parsed.edits());
    if (!result.ok()) {
      reject(where + ": " + result.problem() + (truncated ? " (reply truncated)" : ""));
      return Optional.empty();
    }
    if (!seen.add(result.changes())) {
      reject(where + ": same patch as an earlier reply");
      return Optional.empty();
    }
    String form = parsed.edits().get(0).form();
    String filesChanged =
        String.join(
            ", ",
            result.changes().stream()
                .map(c -> c.file().substring(c.file().lastIndexOf('/') + 1))
                .toList());
    String description =
        Descriptions.oneLine(
            form
                + " edit of "
                + filesChanged
                + (parsed.diagnosis().isEmpty() ? "" : ": " + scrubber.scrub(parsed.diagnosis())),
            200);
    return Optional.of(
        new Candidate(
            id(),
            description,
            result.changes(),
            Math.max(0.05, 0.6 - 0.05 * (reply.number() - 1))));
  }

  private static String describe(Verdict v) {
    StringBuilder sb = new StringBuilder();
    sb.append("Patch by ")
        .append(v.candidate().repairer())
        .append(": ")
        .append(v.candidate().description())
        .append('\n');
    String diff = unifiedDiff(v.candidate().changes());
    sb.append(diff.length() > 1_500 ? diff.substring(0, 1_500) + "[... cut]\n" : diff);
    Optional<GateVerdict> rejection = v.rejection();
    if (rejection.isPresent()) {
      String evidence = rejection.get().evidence();
      if (evidence.length() > 1_500) {
        evidence = evidence.substring(0, 1_500) + " [... cut]";
      }
      sb.append("Verdict: rejected by gate '")
          .append(rejection.get().gate())
          .append("'")
          .append(v.tested() ? ", tests fixed: " + v.testsFixed() : "")
          .append("\nEvidence:\n")
          .append(evidence)
          .append('\n');
    } else if (v.plausible()) {
      sb.append("Verdict: passed every gate\n");
    } else {
      sb.append("Verdict: not validated\n");
    }
    return sb.toString();
  }

  /** The changes as a unified diff (a/ and b/ prefixes, 3 lines of context), for the prompt. */
  private static String unifiedDiff(List<FileChange> changes) {
    StringBuilder out = new StringBuilder();
    for (FileChange change : changes) {
      List<String> before = Arrays.asList(change.before().replace("\r\n", "\n").split("\n", -1));
      List<String> after = Arrays.asList(change.after().replace("\r\n", "\n").split("\n", -1));
      UnifiedDiffUtils.generateUnifiedDiff(
              "a/" + change.file(), "b/" + change.file(), before, DiffUtils.diff(before, after), 3)
          .forEach(line -> out.append(line).append('\n'));
    }
    return out.toString();
  }

  /**
   * The previous round's verdicts (this repairer's own first, at most 8), then unusable replies.
   */
  private String feedbackText(List<Verdict> previous) {
    List<Verdict> ordered = new ArrayList<>();
    previous.stream().filter(v -> v.candidate().repairer().equals(id())).forEach(ordered::add);
    previous.stream().filter(v -> !v.candidate().repairer().equals(id())).forEach(ordered::add);
    StringBuilder sb = new StringBuilder();
    for (Verdict v : ordered.subList(0, Math.min(MAX_FEEDBACK, ordered.size()))) {
      sb.append(describe(v)).append("\n---\n");
    }
    if (!rejected.isEmpty()) {
      sb.append("Replies that could not be applied:\n");
      rejected.stream()
          .skip(Math.max(0, rejected.size() - 4))
          .forEach(r -> sb.append("- ").append(r).append('\n'));
    }
    return sb.toString();
  }

  private void reject(String reason) {
    rejected.add(Descriptions.oneLine(reason, 300));
  }

  /** Requests, tokens, why it stopped, and why replies were dropped, so far in this heal. */
  public synchronized LlmUsage usage() {
    return client.usage(rejected);
  }

  /** The model's latest root-cause explanation (for the report; never acted on), or empty. */
  public synchronized String diagnosis() {
    return diagnosis;
  }

  /** The last user prompt built (scrubbed), for debugging and tests. */
  synchronized String lastPrompt() {
    return lastPrompt;
  }

  @Override
  public String toString() {
    return "LlmRepairer[" + id() + "]";
  }
}
