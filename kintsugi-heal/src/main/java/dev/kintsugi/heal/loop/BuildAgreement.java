package dev.kintsugi.heal.loop;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the fast path's verdict on each test with the project's own build (the detect run). A
 * test the build failed that the worker passes, or did not run, is a bug of the fast path, not of
 * the project: it is reported with both outputs rather than healed past silently.
 *
 * @param compared tests the build ran
 * @param disagreements those the worker judged otherwise, one line each with both outputs
 */
record BuildAgreement(int compared, List<String> disagreements) {

  BuildAgreement {
    disagreements = List.copyOf(disagreements);
  }

  static BuildAgreement of(List<TestOutcome> build, List<TestOutcome> worker) {
    Map<String, TestOutcome> workerByName = new HashMap<>();
    Map<String, TestOutcome> workerByClass = new HashMap<>();
    for (TestOutcome o : worker) {
      // Invocations of one method fold into its worst outcome, as the worker reports them.
      workerByName.merge(name(o), o, (a, b) -> a.failed() ? a : b);
      workerByClass.merge(o.id().className(), o, (a, b) -> a.failed() ? a : b);
    }
    Map<String, TestOutcome> buildByName = new HashMap<>();
    for (TestOutcome o : build) {
      buildByName.merge(name(o), o, (a, b) -> a.failed() ? a : b);
    }
    List<String> disagreements = new ArrayList<>();
    buildByName.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              TestOutcome inBuild = entry.getValue();
              // A class-level outcome of the build (its fork died, @BeforeAll failed) is judged
              // against the worst of the class's methods.
              TestOutcome inWorker =
                  inBuild.id().baseMethodName().isEmpty()
                      ? workerByClass.get(inBuild.id().className())
                      : workerByName.get(entry.getKey());
              if (inWorker == null) {
                disagreements.add(
                    entry.getKey() + ": build " + describe(inBuild) + ", worker did not run it");
              } else if (inWorker.failed() != inBuild.failed()) {
                disagreements.add(
                    entry.getKey()
                        + ": build "
                        + describe(inBuild)
                        + ", worker "
                        + describe(inWorker));
              }
            });
    return new BuildAgreement(buildByName.size(), disagreements);
  }

  /** The disagreements on these tests ({@code class#method}), each with both verdicts. */
  List<String> about(List<String> tests) {
    return disagreements.stream()
        .filter(line -> tests.stream().anyMatch(test -> line.startsWith(test + ": ")))
        .toList();
  }

  boolean agrees() {
    return disagreements.isEmpty();
  }

  /** One line for the report's warnings. */
  String summary() {
    return "fast path disagrees with the build on "
        + disagreements.size()
        + " of "
        + compared
        + " test(s): "
        + String.join("; ", disagreements.subList(0, Math.min(5, disagreements.size())))
        + (disagreements.size() > 5 ? "; ..." : "");
  }

  private static String name(TestOutcome o) {
    return o.id().className() + "#" + o.id().baseMethodName();
  }

  /** Status, exception and message on one line (untrusted text: quoted, never interpreted). */
  private static String describe(TestOutcome o) {
    String message = o.message() == null ? "" : o.message().strip().replaceAll("\\s+", " ");
    if (message.length() > 160) {
      message = message.substring(0, 160) + "...";
    }
    String thrown =
        o.exceptionType() == null || o.exceptionType().isEmpty() ? "" : o.exceptionType();
    return o.status()
        + (thrown.isEmpty() && message.isEmpty()
            ? ""
            : " (" + thrown + (message.isEmpty() ? "" : ": \"" + message + "\"") + ")");
  }
}
