package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The test classes and methods a build ran, from its reports' test cases. Only a method the build
 * ran may run in the fast path: one its tag filter ({@code <groups>}), {@code -Dtest=Class#method}
 * or a provider setting left out is not a test of this build.
 *
 * @param classes binary names of the classes, sorted
 * @param methods {@code class#method}, sorted; a class none of whose cases names a method (a
 *     class-level failure, a display name) is absent here and runs whole
 */
record TestsRun(List<String> classes, List<String> methods) {

  TestsRun {
    classes = List.copyOf(classes);
    methods = List.copyOf(methods);
  }

  /**
   * @param runWhole classes whose report is incomplete (their fork died): every method of theirs
   *     may have run
   */
  static TestsRun of(List<TestOutcome> reported, Set<String> runWhole) {
    Map<String, Set<String>> byClass = new TreeMap<>();
    Set<String> whole = new TreeSet<>(runWhole);
    for (TestOutcome o : reported) {
      String method = o.id().baseMethodName();
      byClass.computeIfAbsent(o.id().className(), c -> new TreeSet<>()).add(method);
      if (!isIdentifier(method)) {
        whole.add(o.id().className());
      }
    }
    List<String> methods = new ArrayList<>();
    byClass.forEach(
        (type, names) -> {
          if (!whole.contains(type)) {
            names.forEach(name -> methods.add(type + "#" + name));
          }
        });
    return new TestsRun(List.copyOf(byClass.keySet()), methods);
  }

  /** Only the classes of {@code keep} and their methods (a reactor module's share of the run). */
  TestsRun restrictedTo(Set<String> keep) {
    return new TestsRun(
        classes.stream().filter(keep::contains).toList(),
        methods.stream().filter(m -> keep.contains(m.substring(0, m.indexOf('#')))).toList());
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    return name.chars().allMatch(Character::isJavaIdentifierPart);
  }
}
