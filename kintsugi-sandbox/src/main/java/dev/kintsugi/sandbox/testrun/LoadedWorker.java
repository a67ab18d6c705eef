package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.testrun.WorkerProcess.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worker a test batch runs on, with the batch's candidate loaded ({@code CANDIDATE}): taken
 * from a {@link WorkerSource} when the batch needs one, discarded when it ends mid-run, and on
 * close, if it finished cleanly, told to drop the candidate ({@code RELEASE}) and given back.
 */
final class LoadedWorker implements AutoCloseable {

  /** Limit for the answer to a request that runs no test (loading or dropping a candidate). */
  private static final Duration CONTROL = Duration.ofSeconds(60);

  /**
   * Limit for loading a candidate into a warm session: a spent session is renewed first, which
   * builds the project's test contexts again.
   */
  private static final Duration WARM_CONTROL = Duration.ofMinutes(5);

  private final WorkerSource source;
  private final Optional<Path> candidateClasses;
  private final boolean askWarm;
  private boolean warm;
  private Optional<String> cold = Optional.empty();
  private final List<Long> pids = new ArrayList<>();
  private WorkerProcess worker;

  /** Whether the worker answered every request sent so far, so it may serve another batch. */
  private boolean idle;

  LoadedWorker(WorkerSource source, Optional<Path> candidateClasses, boolean askWarm) {
    this.source = source;
    this.candidateClasses = candidateClasses;
    this.askWarm = askWarm;
  }

  /** Whether every worker so far ran the candidate in its warm session. */
  boolean warm() {
    return warm;
  }

  /** See {@link TestBatch#warmNote()}. */
  Optional<String> warmNote() {
    return cold;
  }

  /** The processes of the workers taken so far. */
  List<Long> pids() {
    return List.copyOf(pids);
  }

  /** A request went to the worker: until it is answered the worker may serve no other batch. */
  void sent() {
    idle = false;
  }

  /** The worker answered every request sent. */
  void answered() {
    idle = true;
  }

  /** The worker, with the candidate loaded; a new one from the source if none. */
  WorkerProcess get() throws InterruptedException {
    // A pooled worker may have died while idle: try a second one before giving up.
    for (int attempt = 1; worker == null; attempt++) {
      WorkerProcess candidate = source.acquire();
      List<String> request =
          new ArrayList<>(List.of("CANDIDATE", candidateClasses.map(Path::toString).orElse("-")));
      if (askWarm) {
        request.add("warm");
      }
      candidate.send(request);
      Reply reply = candidate.next(askWarm ? WARM_CONTROL : CONTROL);
      if (reply.kind() == Reply.Kind.MESSAGE && reply.type().equals("OK")) {
        boolean warmReply = reply.fields().size() > 1 && reply.fields().get(1).equals("warm");
        // A replacement worker that declines makes the whole batch cold.
        warm = pids.isEmpty() ? warmReply : warm && warmReply;
        if (askWarm && !warmReply) {
          cold =
              Optional.of(
                  reply.fields().size() > 2
                      ? reply.fields().get(2)
                      : "the worker has no warm session");
        }
        worker = candidate;
        idle = true;
        pids.add(candidate.pid());
        break;
      }
      String why =
          switch (reply.kind()) {
            case MESSAGE ->
                reply.fields().size() > 1
                    ? reply.fields().get(1)
                    : String.join(" ", reply.fields());
            case NO_REPLY -> "no answer within " + CONTROL.toSeconds() + " s";
            case EXITED -> "it exited (exit code " + candidate.exitCode() + ")";
          };
      String output = candidate.stderrTail();
      source.discard(candidate);
      if (reply.kind() == Reply.Kind.MESSAGE || attempt == 2) {
        throw new IllegalStateException(
            "the test worker could not load the candidate: " + why + "\n" + output);
      }
    }
    return worker;
  }

  /** The worker ended or is unfit: it never runs anything again; the next call gets a new one. */
  void discard() {
    if (worker != null) {
      source.discard(worker);
      worker = null;
    }
  }

  /**
   * Hands the worker back: after a clean finish it drops the candidate and returns to its source; a
   * worker interrupted mid-request, or one the candidate left unfit, is discarded.
   */
  @Override
  public void close() {
    if (worker == null) {
      return;
    }
    WorkerProcess current = worker;
    worker = null;
    if (!idle || Thread.currentThread().isInterrupted()) {
      source.discard(current);
      return;
    }
    current.send(List.of("RELEASE"));
    try {
      // A warm session may build a closed context again while it releases the candidate.
      Reply reply = current.next(askWarm ? WARM_CONTROL : CONTROL);
      if (reply.kind() == Reply.Kind.MESSAGE && reply.type().equals("OK")) {
        source.release(current);
      } else {
        source.discard(current);
      }
    } catch (InterruptedException e) {
      source.discard(current);
      Thread.currentThread().interrupt();
    }
  }
}
