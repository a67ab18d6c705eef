package dev.kintsugi.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Spring test contexts of a project's test classes before any test runs, as Spring's
 * listener would before each class's first test: for a warm session, and for the coverage run,
 * which records the lines that building ran.
 */
final class ContextPriming {

  private ContextPriming() {}

  /**
   * Builds the Spring context of each Spring test class among {@code testClasses} in {@code
   * loader}, with {@code loader} as the context class loader, as the tests will run.
   *
   * @return the classes whose context was built
   */
  static List<String> prime(ClassLoader loader, List<String> testClasses) {
    return prime(loader, testClasses, new ArrayList<>());
  }

  /**
   * As {@link #prime(ClassLoader, List)}, adding to {@code failed} the Spring test classes whose
   * context could not be built (under the bug, often: the code that broke it did not finish, so its
   * lines are missing from the startup coverage and a warm session cannot be trusted with it).
   */
  static List<String> prime(ClassLoader loader, List<String> testClasses, List<String> failed) {
    if (!SpringContexts.present(loader)) {
      return List.of();
    }
    Optional<SpringContexts> spring = SpringContexts.of(loader);
    if (spring.isEmpty()) {
      return List.of();
    }
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(loader);
    List<String> primed = new ArrayList<>();
    try {
      for (String name : testClasses) {
        boolean springTest = false;
        try {
          Class<?> testClass = Class.forName(name, false, loader);
          springTest = SpringContexts.isSpringTest(testClass);
          if (springTest) {
            spring.get().load(testClass);
            primed.add(name);
          }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          // The class's tests meet the same failure and report it.
          System.err.println(
              "kintsugi-worker: cannot build the test context of " + name + ": " + e);
          if (springTest) {
            failed.add(name);
          }
        }
      }
    } finally {
      current.setContextClassLoader(previous);
    }
    return primed;
  }
}
