package dev.kintsugi.worker;

import java.util.List;

/** Discovers and runs test methods with one test framework of the healed project. */
interface FrameworkAdapter {

  /** Test methods as {@code class#method}, each once, in discovery order. */
  List<String> discover() throws Exception;

  /**
   * Runs every invocation of one test method in the calling thread; an empty method name runs the
   * whole class.
   */
  Outcome run(String className, String methodName) throws Exception;
}
