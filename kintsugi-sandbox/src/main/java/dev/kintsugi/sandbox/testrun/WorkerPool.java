package dev.kintsugi.sandbox.testrun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Up to a fixed number of warm worker JVMs for one project, handed to one batch at a time. The most
 * recently used idle worker is handed out first (its JIT-compiled code is warmest). A worker that
 * is discarded (it died, overran, or its candidate left it unfit) is killed and a replacement
 * started in the background, so the next candidate does not wait for a JVM to start; a worker is
 * also retired after serving {@link #MAX_CANDIDATES_PER_WORKER} candidates, to bound what class
 * loader leaks in libraries can accumulate.
 */
final class WorkerPool implements WorkerSource, AutoCloseable {

  static final int MAX_CANDIDATES_PER_WORKER = 250;

  private final WorkerSource.StartWorker start;
  private final int maxWorkers;
  private final Deque<WorkerProcess> idle = new ArrayDeque<>();
  private final Set<WorkerProcess> all = new HashSet<>();
  private int live;
  private int started;

  /** Workers whose JVM is being started right now. */
  private int starting;

  /** How long {@link #close} waits for workers still starting. */
  private static final long START_WAIT_NANOS = 30_000_000_000L;

  private boolean closed;

  WorkerPool(WorkerSource.StartWorker start, int maxWorkers) {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("need at least one worker: " + maxWorkers);
    }
    this.start = start;
    this.maxWorkers = maxWorkers;
  }

  @Override
  public WorkerProcess acquire() throws InterruptedException {
    synchronized (this) {
      while (true) {
        requireOpen();
        WorkerProcess worker = idle.pollFirst();
        if (worker != null) {
          if (worker.isAlive()) {
            return worker;
          }
          forget(worker);
          continue;
        }
        if (live < maxWorkers) {
          live++;
          break;
        }
        wait();
      }
    }
    return startCounted();
  }

  @Override
  public void release(WorkerProcess worker) {
    boolean retire;
    synchronized (this) {
      retire = closed || !worker.isAlive() || worker.countCandidate() >= MAX_CANDIDATES_PER_WORKER;
      if (!retire) {
        idle.addFirst(worker);
        notifyAll();
      }
    }
    if (retire) {
      worker.close();
      replace(worker);
    }
  }

  @Override
  public void discard(WorkerProcess worker) {
    worker.kill();
    replace(worker);
  }

  /** Starts workers in the background until the pool has {@code count} of them (at most max). */
  void warmUp(int count) {
    int target = Math.min(count, maxWorkers);
    while (true) {
      synchronized (this) {
        if (closed || live >= target) {
          return;
        }
        live++;
      }
      startInBackground();
    }
  }

  /** How many worker JVMs this pool started so far. */
  synchronized int started() {
    return started;
  }

  /** Kills every worker, busy or idle; later calls to {@link #acquire} fail. */
  @Override
  public void close() {
    List<WorkerProcess> workers;
    synchronized (this) {
      closed = true;
      workers = new ArrayList<>(all);
      idle.clear();
      notifyAll();
    }
    workers.forEach(WorkerProcess::kill);
    awaitStarts();
  }

  /**
   * Waits (bounded) for workers still starting in the background: each is killed as its start ends,
   * and until then it may write into the scratch directory the caller deletes next.
   */
  private synchronized void awaitStarts() {
    long deadline = System.nanoTime() + START_WAIT_NANOS;
    try {
      while (starting > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        wait(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void replace(WorkerProcess worker) {
    synchronized (this) {
      if (!all.contains(worker)) {
        return;
      }
      forget(worker);
      if (closed) {
        return;
      }
      live++;
    }
    startInBackground();
  }

  /** Forgets a worker that is gone; the caller holds the lock. */
  private void forget(WorkerProcess worker) {
    all.remove(worker);
    live--;
    notifyAll();
  }

  private WorkerProcess startCounted() throws InterruptedException {
    synchronized (this) {
      starting++;
    }
    try {
      return startAndKeep();
    } finally {
      synchronized (this) {
        starting--;
        notifyAll();
      }
    }
  }

  private WorkerProcess startAndKeep() throws InterruptedException {
    WorkerProcess worker;
    try {
      worker = start.start();
    } catch (RuntimeException | InterruptedException e) {
      synchronized (this) {
        live--;
        notifyAll();
      }
      throw e;
    }
    synchronized (this) {
      started++;
      if (!closed) {
        all.add(worker);
        return worker;
      }
      live--;
    }
    worker.kill();
    throw new IllegalStateException("the test executor is closed");
  }

  private void startInBackground() {
    Thread thread =
        new Thread(
            () -> {
              WorkerProcess worker;
              try {
                worker = startCounted();
              } catch (RuntimeException | InterruptedException e) {
                // The next acquire starts one in the foreground and reports the failure.
                return;
              }
              synchronized (this) {
                if (!closed) {
                  idle.addLast(worker);
                  notifyAll();
                }
              }
            },
            "kintsugi-worker-start");
    thread.setDaemon(true);
    thread.start();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the test executor is closed");
    }
  }
}
