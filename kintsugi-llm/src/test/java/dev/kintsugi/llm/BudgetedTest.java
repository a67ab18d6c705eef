package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.llm.ChatClient.ChatReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The budget under requests made from several threads at once. */
class BudgetedTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void requestsFromManyThreadsNeverExceedTheRequestBudget() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch allAsked = new CountDownLatch(16);
    ChatClient client =
        (system, user, temperature, samples) -> {
          calls.incrementAndGet();
          return new ChatReply("ok", 10, 5, false);
        };
    Budgeted budget =
        new Budgeted(client, 5, 1_000_000, 0, 1, ms -> {}, TokenCounter.CharEstimate.INSTANCE);

    List<Future<Optional<ChatReply>>> replies = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      replies.add(
          pool.submit(
              () -> {
                allAsked.countDown();
                allAsked.await(5, TimeUnit.SECONDS);
                return budget.chat("system", "user", 0.2, 1);
              }));
    }
    int answered = 0;
    for (Future<Optional<ChatReply>> reply : replies) {
      answered += reply.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
    }

    assertThat(calls.get()).isEqualTo(5);
    assertThat(answered).isEqualTo(5);
    LlmUsage usage = budget.usage(List.of());
    assertThat(usage.requests()).isEqualTo(5);
    assertThat(usage.inputTokens()).isEqualTo(50);
    assertThat(usage.outputTokens()).isEqualTo(25);
    assertThat(usage.stoppedReason()).isEqualTo("request budget exhausted (5 requests)");
  }

  @Test
  void requestsInFlightReserveTheirPromptTokens() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch twoInFlight = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    ChatClient slow =
        (system, user, temperature, samples) -> {
          calls.incrementAndGet();
          twoInFlight.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new ChatReply("ok", 0, 0, false);
        };
    // 100 tokens a prompt (chars/4), 250 for the heal: two prompts fit, a third in flight does not
    Budgeted budget =
        new Budgeted(slow, 10, 250, 0, 1, ms -> {}, TokenCounter.CharEstimate.INSTANCE);
    String prompt = "x".repeat(400);

    Future<Optional<ChatReply>> first = pool.submit(() -> budget.chat("", prompt, 0.2, 1));
    Future<Optional<ChatReply>> second = pool.submit(() -> budget.chat("", prompt, 0.8, 1));
    assertThat(twoInFlight.await(5, TimeUnit.SECONDS)).isTrue();
    Optional<ChatReply> third = budget.chat("", prompt, 0.8, 1);
    release.countDown();

    assertThat(third).isEmpty();
    assertThat(first.get(5, TimeUnit.SECONDS)).isPresent();
    assertThat(second.get(5, TimeUnit.SECONDS)).isPresent();
    assertThat(calls.get()).isEqualTo(2);
    LlmUsage usage = budget.usage(List.of());
    assertThat(usage.requests()).isEqualTo(2);
    // the server said nothing: the prompt estimate and the reply's own count stand in
    assertThat(usage.inputTokens()).isEqualTo(200);
    assertThat(usage.outputTokens()).isEqualTo(2);
    assertThat(usage.stoppedReason()).contains("token budget exhausted").contains("in flight");
  }

  @Test
  void aWithdrawnAdmissionGivesItsSlotBack() {
    ChatClient client = (system, user, temperature, samples) -> new ChatReply("ok", 1, 1, false);
    Budgeted budget =
        new Budgeted(client, 1, 1_000, 0, 1, ms -> {}, TokenCounter.CharEstimate.INSTANCE);

    Budgeted.Admission unused = budget.admit("s", "u").orElseThrow();
    budget.withdraw(unused);
    budget.withdraw(unused);

    assertThat(budget.usage(List.of()).requests()).isZero();
    assertThat(budget.chat("s", "u", 0.2, 1)).isPresent();
    assertThat(budget.usage(List.of()).requests()).isEqualTo(1);
  }
}
