package dev.kintsugi.llm;

import dev.kintsugi.llm.ChatClient.ChatReply;
import dev.kintsugi.llm.ChatClient.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Draws one round's samples from the model: all of them in one request where the endpoint returns
 * several choices per request (OpenAI's {@code n}: the prompt is paid for once), else one request
 * per sample with all of them in flight at once. Either way the replies come back numbered in
 * request order, whatever order the server answered in, and the budget admits requests in that
 * order too. Not thread-safe: one round at a time.
 */
final class Sampler {

  /** The first sample of one-per-request rounds: the model's most likely answer. */
  static final double FOCUSED = 0.2;

  /**
   * The other samples, and every sample of an {@code n} request. One request has one temperature,
   * so its samples cannot mix a focused first one with varied others; a low temperature would make
   * most of them the same patch (dropped as duplicates, tokens wasted), while at 0.8 the most
   * likely patch is still the likeliest of every sample, so it is usually among them.
   */
  static final double VARIED = 0.8;

  /** The prompt of sample {@code attempt} of {@code attempts}. */
  interface Prompter {
    Prompt prompt(int attempt, int attempts);
  }

  record Prompt(String system, String user) {}

  /** A sampled reply and its number in the round (1-based, in request order). */
  record Reply(int number, Sample sample) {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Budgeted client;
  private boolean onePerRequest;

  Sampler(Budgeted client) {
    this.client = client;
  }

  /**
   * Up to {@code wanted} replies in order. Prompts are built on the calling thread, in order,
   * before anything is sent. Fewer come back when requests fail or the budget runs out.
   */
  List<Reply> draw(int wanted, Prompter prompter) {
    if (wanted <= 1 || onePerRequest || !client.severalSamplesPerRequest()) {
      return oneEach(1, wanted, prompter);
    }
    Prompt prompt = prompter.prompt(1, 1);
    List<Sample> samples =
        client
            .chat(prompt.system(), prompt.user(), VARIED, wanted)
            .map(ChatReply::samples)
            .orElse(List.of());
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < Math.min(wanted, samples.size()); i++) {
      replies.add(new Reply(i + 1, samples.get(i)));
    }
    if (replies.size() < wanted && !client.exhausted()) {
      // Fewer choices than asked, or the request failed: some OpenAI-compatible servers ignore
      // n or refuse it. From now on this endpoint gets one request per sample.
      onePerRequest = true;
      replies.addAll(oneEach(replies.size() + 1, wanted, prompter));
    }
    return replies;
  }

  /** An admitted request of one sample. */
  private record Planned(
      int number, Prompt prompt, double temperature, Budgeted.Admission admission) {}

  /** Samples {@code from..to}, one request each, all sent at once. */
  private List<Reply> oneEach(int from, int to, Prompter prompter) {
    List<Planned> planned = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      Prompt prompt = prompter.prompt(n, to);
      Optional<Budgeted.Admission> admission = client.admit(prompt.system(), prompt.user());
      if (admission.isEmpty()) {
        break;
      }
      planned.add(new Planned(n, prompt, n == 1 ? FOCUSED : VARIED, admission.get()));
    }
    List<Optional<ChatReply>> replies =
        planned.size() == 1 ? List.of(send(planned.get(0))) : inParallel(planned);
    List<Reply> out = new ArrayList<>();
    for (int i = 0; i < replies.size(); i++) {
      int number = planned.get(i).number();
      replies
          .get(i)
          .flatMap(r -> r.samples().stream().findFirst())
          .ifPresent(s -> out.add(new Reply(number, s)));
    }
    return out;
  }

  private Optional<ChatReply> send(Planned p) {
    return client.send(p.admission(), p.prompt().system(), p.prompt().user(), p.temperature(), 1);
  }

  /**
   * The replies in {@code planned} order, each request on its own thread (LangChain4j's chat models
   * block; a thread per request in flight is cheap next to a model's latency). If this thread is
   * interrupted, the requests are cancelled and the replies so far returned.
   */
  private List<Optional<ChatReply>> inParallel(List<Planned> planned) {
    if (planned.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            planned.size(),
            task -> {
              Thread t = new Thread(task, "kintsugi-llm-request-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<AtomicBoolean> started = new ArrayList<>();
    List<Future<Optional<ChatReply>>> futures = new ArrayList<>();
    try {
      for (Planned p : planned) {
        AtomicBoolean start = new AtomicBoolean();
        started.add(start);
        futures.add(
            pool.submit(() -> start.compareAndSet(false, true) ? send(p) : Optional.empty()));
      }
      List<Optional<ChatReply>> replies = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          replies.add(futures.get(i).get());
        } catch (ExecutionException e) {
          replies.add(Optional.empty()); // Budgeted.send does not throw; an Error would land here
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          for (int j = i; j < futures.size(); j++) {
            if (started.get(j).compareAndSet(false, true)) {
              client.withdraw(planned.get(j).admission());
            }
            futures.get(j).cancel(true);
          }
          break;
        }
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }
}
