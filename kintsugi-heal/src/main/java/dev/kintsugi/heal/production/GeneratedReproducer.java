package dev.kintsugi.heal.production;

import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.java.repro.NoReproduction;
import dev.kintsugi.java.repro.ReproductionCheck;
import dev.kintsugi.java.repro.ReproductionGenerator;
import dev.kintsugi.java.repro.ReproductionResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The heal loop's {@link Reproducer} for a production incident (the generator's own {@code
 * ReproductionTest} is spelled out in full: the interface's member type of the same name shadows an
 * import here): a JUnit test generated from the arguments the agent captured (see {@link
 * ReproductionGenerator}), accepted only when it fails with the production exception at the
 * production throw site ({@link ReproductionCheck}).
 */
final class GeneratedReproducer implements Reproducer {

  private final IncidentHealRequest request;
  private final Map<String, dev.kintsugi.java.repro.ReproductionTest> generated = new HashMap<>();

  GeneratedReproducer(IncidentHealRequest request) {
    this.request = request;
  }

  @Override
  public Attempt prepare(Path root) {
    String trace = StackTraceText.of(request.error());
    ReproductionGenerator generator =
        new ReproductionGenerator(
            root, List.of(root.resolve("src/main/java")), root.resolve("src/test/java"));
    ReproductionResult result =
        generator.generate(
            request.error(),
            request.inAppPackages(),
            "I" + request.incidentId(),
            new SightedInAppFrames(request));
    if (result instanceof dev.kintsugi.java.repro.ReproductionTest test) {
      generated.put(test.testId().toString(), test);
      String description =
          test.testId()
              + " calls "
              + test.targetFrame().qualifiedMethod()
              + " with the captured arguments; expects "
              + test.expectedExceptionType()
              + " at "
              + test.expectedThrowSite();
      return new Attempt(
          Optional.of(
              new Reproducer.ReproductionTest(
                  test.path(),
                  test.source(),
                  test.testId(),
                  description,
                  simpleName(test.expectedExceptionType())
                      + " in "
                      + simpleMethod(test.expectedThrowSite()))),
          test.notes(),
          trace);
    }
    return new Attempt(Optional.empty(), ((NoReproduction) result).reasons(), trace);
  }

  /** {@code java.lang.NullPointerException} → {@code NullPointerException}. */
  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /** {@code com.acme.Cart$Line.total} → {@code Cart$Line.total}. */
  private static String simpleMethod(String qualified) {
    int method = qualified.lastIndexOf('.');
    if (method <= 0) {
      return qualified;
    }
    String type = qualified.substring(0, method);
    return type.substring(type.lastIndexOf('.') + 1) + qualified.substring(method);
  }

  @Override
  public boolean reproduces(Reproducer.ReproductionTest test, TestOutcome outcome) {
    dev.kintsugi.java.repro.ReproductionTest generatedTest = generated.get(test.id().toString());
    return generatedTest != null && ReproductionCheck.reproduces(generatedTest, outcome);
  }
}
