package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.llm.FakeLlmServer.Choice;
import dev.kintsugi.llm.FakeLlmServer.Protocol;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several samples per round: one request with n (OpenAI), or requests in flight together. */
class SamplingTest {

  @TempDir Path root;
  private FakeLlmServer server;

  @BeforeEach
  void setUp() throws IOException {
    Fixtures.project(root);
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private LlmRepairer repairer(Protocol protocol, int samples, int maxRequests) throws IOException {
    server = new FakeLlmServer(protocol);
    return server.repairer("sk-test-key", samples, maxRequests, 11);
  }

  private static JsonNode json(FakeLlmServer.Recorded request) throws IOException {
    return FakeLlmServer.JSON.readTree(request.body());
  }

  /** The line each candidate's patch changed, to tell them apart. */
  private static List<String> patches(List<Candidate> candidates) {
    return candidates.stream()
        .map(c -> c.changes().get(0).after())
        .map(
            after ->
                after.contains("a > b")
                    ? "swap-max"
                    : after.contains("if (i < values.length)")
                        ? "guard-index"
                        : after.contains("i < values.length; i++") ? "loop-bound" : "other")
        .toList();
  }

  @Test
  void openAiAsksForEverySampleInOneRequestWithN() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 3, 10);
    server.replyChoices(
        Choice.of(Replies.DIFF), Choice.of(Replies.SWAP_MAX), Choice.of(Replies.GUARD_INDEX));

    List<Candidate> candidates = llm.propose(Fixtures.request(root, 1));

    assertThat(server.requests).hasSize(1);
    JsonNode body = json(server.requests.get(0));
    assertThat(body.path("n").asInt()).isEqualTo(3);
    assertThat(body.path("temperature").asDouble()).isEqualTo(Sampler.VARIED);
    assertThat(patches(candidates)).containsExactly("loop-bound", "swap-max", "guard-index");
    assertThat(candidates)
        .extracting(Candidate::score)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    LlmUsage usage = llm.usage();
    assertThat(usage.requests()).isEqualTo(1);
    assertThat(usage.inputTokens()).as("the prompt is paid for once").isEqualTo(1200);
    assertThat(usage.outputTokens()).as("every choice's output").isEqualTo(240);
    assertThat(usage.rejectedReplies()).isEmpty();
    assertThat(llm.lastPrompt()).contains("Round 1.").doesNotContain("attempt 1 of");
  }

  @Test
  void oneSampleWantedIsAPlainFocusedRequest() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 1, 10);
    server.reply(Replies.DIFF);

    assertThat(llm.propose(Fixtures.request(root, 1))).hasSize(1);

    JsonNode body = json(server.requests.get(0));
    assertThat(body.has("n")).isFalse();
    assertThat(body.path("temperature").asDouble()).isEqualTo(Sampler.FOCUSED);
  }

  @Test
  void garbageInOneChoiceDoesNotCostTheOthers() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 3, 10);
    server.replyChoices(
        Choice.of(Replies.SWAP_MAX), Choice.of(Replies.GARBAGE), Choice.of(Replies.DIFF));

    List<Candidate> candidates = llm.propose(Fixtures.request(root, 1));

    assertThat(patches(candidates)).containsExactly("swap-max", "loop-bound");
    assertThat(llm.usage().rejectedReplies())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("round 1 reply 2").contains("no patch"));
    assertThat(llm.diagnosis()).contains("one index past the end");
  }

  @Test
  void nWithinATwoRequestBudgetIsOneRequest() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 3, 2);
    server.replyChoices(
        Choice.of(Replies.DIFF), Choice.of(Replies.SWAP_MAX), Choice.of(Replies.GUARD_INDEX));

    assertThat(llm.propose(Fixtures.request(root, 1))).hasSize(3);
    assertThat(server.requests).hasSize(1);
    assertThat(llm.usage().stoppedReason()).isEmpty();
  }

  @Test
  void aServerIgnoringNGetsTheMissingSamplesAsSeparateRequestsFromThenOn() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 3, 20);
    // one choice for n=3, as llama.cpp's server and other n-less endpoints answer
    server
        .reply(Replies.DIFF)
        .replyWhen("attempt 2 of 3", Replies.SWAP_MAX, Duration.ofMillis(300))
        .replyWhen("attempt 3 of 3", Replies.GUARD_INDEX, Duration.ZERO);

    List<Candidate> first = llm.propose(Fixtures.request(root, 1));

    assertThat(patches(first)).containsExactly("loop-bound", "swap-max", "guard-index");
    assertThat(server.requests).hasSize(3);
    assertThat(json(server.requests.get(0)).path("n").asInt()).isEqualTo(3);
    assertThat(server.requests.subList(1, 3))
        .allSatisfy(r -> assertThat(json(r).has("n")).isFalse());

    server
        .replyWhen("attempt 1 of 3", Replies.DIFF, Duration.ZERO)
        .replyWhen("attempt 2 of 3", Replies.SWAP_MAX, Duration.ZERO)
        .replyWhen("attempt 3 of 3", Replies.GUARD_INDEX, Duration.ZERO);
    List<Candidate> second = llm.propose(Fixtures.request(root, 2));

    assertThat(patches(second)).containsExactly("loop-bound", "swap-max", "guard-index");
    assertThat(server.requests).hasSize(6);
    assertThat(server.requests.subList(3, 6))
        .allSatisfy(r -> assertThat(json(r).has("n")).isFalse());
    assertThat(llm.usage().requests()).isEqualTo(6);
  }

  @ParameterizedTest
  @EnumSource(
      value = Protocol.class,
      names = {"OLLAMA", "ANTHROPIC"})
  void withoutNTheRequestsAreInFlightTogether(Protocol protocol) throws IOException {
    LlmRepairer llm = repairer(protocol, 3, 10);
    // no reply until three requests are in: sent one after another they would wait 5 s each
    server
        .holdUntil(3, Duration.ofSeconds(5))
        .replyWhen("attempt 1 of 3", Replies.DIFF, Duration.ZERO)
        .replyWhen("attempt 2 of 3", Replies.SWAP_MAX, Duration.ZERO)
        .replyWhen("attempt 3 of 3", Replies.GUARD_INDEX, Duration.ZERO);

    long start = System.nanoTime();
    List<Candidate> candidates = llm.propose(Fixtures.request(root, 1));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(server.maxInFlight()).isEqualTo(3);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(patches(candidates)).containsExactly("loop-bound", "swap-max", "guard-index");
    assertThat(llm.usage().requests()).isEqualTo(3);
    assertThat(llm.usage().inputTokens()).isEqualTo(3 * 1200);
    assertThat(llm.usage().outputTokens()).isEqualTo(3 * 80);
  }

  @Test
  void parallelRepliesKeepRequestOrderWhateverOrderTheyArriveIn() throws IOException {
    LlmRepairer llm = repairer(Protocol.OLLAMA, 3, 10);
    // the first sample is answered last
    server
        .replyWhen("attempt 1 of 3", Replies.SWAP_MAX, Duration.ofMillis(500))
        .replyWhen("attempt 2 of 3", Replies.GARBAGE, Duration.ofMillis(250))
        .replyWhen("attempt 3 of 3", Replies.DIFF, Duration.ZERO);

    List<Candidate> candidates = llm.propose(Fixtures.request(root, 1));

    assertThat(patches(candidates)).containsExactly("swap-max", "loop-bound");
    assertThat(candidates.get(0).score()).isGreaterThan(candidates.get(1).score());
    assertThat(llm.usage().rejectedReplies())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("reply 2"));
    // the first sample is the focused one, the others varied
    for (FakeLlmServer.Recorded r : server.requests) {
      double temperature = json(r).path("options").path("temperature").asDouble();
      assertThat(temperature)
          .isEqualTo(r.body().contains("attempt 1 of 3") ? Sampler.FOCUSED : Sampler.VARIED);
    }
  }

  @Test
  void aBudgetOfTwoRequestsForThreeSamplesSendsTwo() throws IOException {
    LlmRepairer llm = repairer(Protocol.OLLAMA, 3, 2);
    server
        .replyWhen("attempt 1 of 3", Replies.DIFF, Duration.ZERO)
        .replyWhen("attempt 2 of 3", Replies.SWAP_MAX, Duration.ZERO)
        .replyWhen("attempt 3 of 3", Replies.GUARD_INDEX, Duration.ZERO);

    List<Candidate> first = llm.propose(Fixtures.request(root, 1));
    List<Candidate> second = llm.propose(Fixtures.request(root, 2));

    assertThat(server.requests).hasSize(2);
    // which two is not left to thread timing: the first two samples
    assertThat(patches(first)).containsExactly("loop-bound", "swap-max");
    assertThat(second).isEmpty();
    assertThat(llm.usage().requests()).isEqualTo(2);
    assertThat(llm.usage().stoppedReason()).contains("request budget exhausted (2 requests)");
  }

  @Test
  void aServerIgnoringNStaysWithinATwoRequestBudget() throws IOException {
    LlmRepairer llm = repairer(Protocol.OPENAI, 3, 2);
    server.reply(Replies.DIFF).reply(Replies.SWAP_MAX).reply(Replies.GUARD_INDEX);

    List<Candidate> candidates = llm.propose(Fixtures.request(root, 1));

    assertThat(server.requests).hasSize(2);
    assertThat(patches(candidates)).containsExactly("loop-bound", "swap-max");
    assertThat(llm.usage().stoppedReason()).contains("request budget exhausted");
  }

  @Test
  void retriesOfRequestsInFlightTogetherStayWithinTheBudget() throws IOException {
    LlmRepairer llm = repairer(Protocol.ANTHROPIC, 3, 5);
    for (int i = 0; i < 20; i++) {
      server.status(
          503,
          "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}");
    }

    assertThat(llm.propose(Fixtures.request(root, 1))).isEmpty();

    assertThat(server.requests).hasSize(5);
    assertThat(llm.usage().requests()).isEqualTo(5);
    assertThat(llm.usage().failedRequests()).isEqualTo(5);
    assertThat(llm.usage().totalTokens()).isZero();
    assertThat(llm.usage().stoppedReason()).contains("request budget exhausted");
  }
}
