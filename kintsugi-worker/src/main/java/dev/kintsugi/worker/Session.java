package dev.kintsugi.worker;

import java.util.Optional;

/** The project as one candidate sees it inside the worker, from CANDIDATE to RELEASE. */
interface Session {

  FrameworkAdapter adapter();

  TimedTest timedTest();

  /** The loader of the project's classes, for coverage and priming. */
  ClassLoader loader();

  /**
   * Ends the candidate and puts back what its tests changed.
   *
   * @return why this worker must not serve another candidate, or empty when it may
   */
  Optional<String> close() throws InterruptedException;
}
