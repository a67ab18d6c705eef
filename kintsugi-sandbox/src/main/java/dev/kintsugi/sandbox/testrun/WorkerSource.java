package dev.kintsugi.sandbox.testrun;

/** Where a test batch gets its worker JVMs from, and gives them back to. */
interface WorkerSource {

  /** A started worker that answered READY and holds no candidate. */
  WorkerProcess acquire() throws InterruptedException;

  /** The worker finished its batch cleanly and may serve again. */
  void release(WorkerProcess worker);

  /** The worker died, overran or is otherwise unfit: it must never run anything again. */
  void discard(WorkerProcess worker);

  /** A new worker JVM for every batch, closed after it: for one-off runs such as coverage. */
  static WorkerSource fresh(StartWorker start) {
    return new WorkerSource() {
      @Override
      public WorkerProcess acquire() throws InterruptedException {
        return start.start();
      }

      @Override
      public void release(WorkerProcess worker) {
        worker.close();
      }

      @Override
      public void discard(WorkerProcess worker) {
        worker.kill();
      }
    };
  }

  /** Starts a worker and waits for its READY. */
  @FunctionalInterface
  interface StartWorker {
    WorkerProcess start() throws InterruptedException;
  }
}
