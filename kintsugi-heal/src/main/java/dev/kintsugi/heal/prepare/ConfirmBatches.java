package dev.kintsugi.heal.prepare;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Confirms the fixes of one release in shared builds, by group commit: a heal whose fix waits for
 * the project's build joins a queue; when a build slot is free, the heal at the head of the queue
 * runs one build for itself and every waiting fix whose files are disjoint from the others' (up to
 * {@link #MAX_BATCH}), all applied to one copy. A green build confirms each fix in it. A red build
 * of several fixes cannot say whose fault it is: each of them is then built alone by its own heal.
 * Nothing waits on purpose; batches form only while builds are busy, so a lone heal is confirmed at
 * once, and a burst of heals shares a few builds instead of one each.
 *
 * <p>A combination passing does not strictly prove each fix passes alone: a test broken by one fix
 * could be mended by another in the same build. Such a pair would have to change the same behaviour
 * from disjoint files, each already accepted by the tests that execute it; the report says when a
 * fix was confirmed together with others.
 */
public final class ConfirmBatches {

  /** The most fixes one build confirms. */
  public static final int MAX_BATCH = 8;

  /** One fix waiting for the build: the files it changes (batches keep them disjoint). */
  public interface Fix {
    Set<String> files();
  }

  /** Runs the project's build on a copy with every fix of {@code batch} applied. */
  @FunctionalInterface
  public interface Build<F extends Fix> {
    Verdict run(List<F> batch);
  }

  /**
   * @param green whether the build passed
   * @param why what failed, or what passed
   * @param together how many fixes the build held (1: this one alone)
   * @param alone when true, the build held several fixes and failed: build this one alone
   */
  public record Verdict(boolean green, String why, int together, boolean alone) {
    public static Verdict of(boolean green, String why) {
      return new Verdict(green, why, 1, false);
    }
  }

  private final int slots;
  private final Map<String, Queue> queues = new HashMap<>();

  /**
   * @param slots builds of one release that may run at once
   */
  public ConfirmBatches(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, was " + slots);
    }
    this.slots = slots;
  }

  /**
   * Builds one per two cores, at least one: each build runs Maven and a test JVM (on 2 cores, 10
   * incidents at once: one build at a time fixed them after 18.7–53.0 s, two at a time after
   * 19.1–66.8 s: smaller batches, and builds that slow the heals still searching).
   */
  public static ConfirmBatches forThisMachine() {
    return new ConfirmBatches(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  /**
   * Confirms {@code fix} of release {@code commit}: blocks until a build that held it ended, and
   * returns that build's verdict (with {@link Verdict#alone} set when it must be built alone).
   * {@code build} runs on this thread when this heal leads a batch.
   */
  public <F extends Fix> Verdict confirm(String commit, F fix, Build<F> build)
      throws InterruptedException {
    Queue queue;
    synchronized (this) {
      queue = queues.computeIfAbsent(commit, c -> new Queue());
    }
    return queue.confirm(fix, build);
  }

  /** The waiting fixes of one release and its running builds. */
  private final class Queue {
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private int running;

    <F extends Fix> Verdict confirm(F fix, Build<F> build) throws InterruptedException {
      Waiting mine = new Waiting(fix);
      List<Waiting> batch;
      synchronized (this) {
        waiting.add(mine);
        while (mine.verdict == null && (running >= slots || waiting.peekFirst() != mine)) {
          wait();
        }
        if (mine.verdict != null) {
          return mine.verdict;
        }
        batch = take();
        running++;
      }
      Verdict verdict;
      try {
        @SuppressWarnings("unchecked")
        List<F> fixes = batch.stream().map(w -> (F) w.fix).toList();
        verdict = build.run(fixes);
      } catch (RuntimeException | Error e) {
        verdict = Verdict.of(false, "the build could not run: " + e);
      }
      synchronized (this) {
        running--;
        for (Waiting w : batch) {
          w.verdict =
              batch.size() == 1
                  ? new Verdict(verdict.green(), verdict.why(), 1, false)
                  : new Verdict(verdict.green(), verdict.why(), batch.size(), !verdict.green());
        }
        notifyAll();
      }
      return mine.verdict;
    }

    /** The head of the queue and the waiting fixes after it that touch none of the same files. */
    private List<Waiting> take() {
      List<Waiting> batch = new ArrayList<>();
      Set<String> files = new HashSet<>();
      for (var it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
        Waiting w = it.next();
        if (batch.isEmpty() || w.fix.files().stream().noneMatch(files::contains)) {
          batch.add(w);
          files.addAll(w.fix.files());
          it.remove();
        }
      }
      return batch;
    }
  }

  private static final class Waiting {
    final Fix fix;
    Verdict verdict;

    Waiting(Fix fix) {
      this.fix = fix;
    }
  }
}
