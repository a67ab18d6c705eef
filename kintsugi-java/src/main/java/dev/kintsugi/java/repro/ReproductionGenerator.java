package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Generates a JUnit test reproducing an error captured in production, from the argument snapshots
 * Kintsugi's agent records for in-app frames ({@code frames[].vars}).
 *
 * <p>Works on the root cause: its in-app frames are tried from the throw site outward, and the
 * deepest one whose method a test in the same package can call, with a receiver and arguments that
 * can all be rebuilt from the snapshot, becomes the test. The test calls that method directly and
 * so fails by throwing the production exception itself, with its real stack trace; it passes once
 * the bug is fixed. Event data is untrusted: it only ever reaches the generated source inside
 * escaped literals or reduced to {@code [A-Za-z0-9_.$]} in comments.
 *
 * <p>Reads sources with JavaParser; never compiles or loads project code. Instances are immutable
 * and each call reads the sources afresh, so one generator may serve concurrent calls.
 *
 * <p>Stability: experimental.
 */
public final class ReproductionGenerator {

  private static final String PREFIX = "KintsugiRepro";
  private static final int MAX_ID_CHARS = 12;

  /** Deep recursion can put thousands of in-app frames on a trace; the deepest ones matter. */
  private static final int MAX_FRAMES_TRIED = 50;

  private final Path projectRoot;
  private final List<Path> mainSourceRoots;
  private final Path testSourceRoot;

  /**
   * @param projectRoot the project (where {@code pom.xml} is)
   * @param mainSourceRoots main source roots, absolute or relative to the root ({@code
   *     src/main/java})
   * @param testSourceRoot the test source root the test will be written to ({@code src/test/java})
   */
  public ReproductionGenerator(Path projectRoot, List<Path> mainSourceRoots, Path testSourceRoot) {
    this.projectRoot = projectRoot.toAbsolutePath().normalize();
    this.mainSourceRoots =
        mainSourceRoots.stream().map(r -> this.projectRoot.resolve(r).normalize()).toList();
    this.testSourceRoot = this.projectRoot.resolve(testSourceRoot).normalize();
  }

  /**
   * Builds a reproduction test for {@code error}, or explains why none could be built. Does not
   * write anything: the caller adds {@link ReproductionTest#source()} at {@link
   * ReproductionTest#path()}.
   *
   * @param error the captured error
   * @param inAppPackages package prefixes of the project's own code, in addition to the frames the
   *     event marks in-app
   * @param idHint a short id for the test class name (e.g. the incident id); only {@code
   *     [A-Za-z0-9]} is kept, at most 12 chars
   */
  public ReproductionResult generate(
      ProductionError error, List<String> inAppPackages, String idHint) {
    return generate(error, inAppPackages, idHint, CallableFrames.ANY);
  }

  /**
   * As {@link #generate(ProductionError, List, String)}, calling only frames {@code callable}
   * allows; the frames it refuses are skipped with its reason.
   */
  public ReproductionResult generate(
      ProductionError error, List<String> inAppPackages, String idHint, CallableFrames callable) {
    Objects.requireNonNull(callable, "callable");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(inAppPackages, "inAppPackages");
    Objects.requireNonNull(idHint, "idHint");
    Optional<CapturedException> rootCause = error.rootCause();
    if (rootCause.isEmpty()) {
      return new NoReproduction(List.of("the event has no exception"));
    }
    CapturedException root = rootCause.get();
    if (root.type().isBlank()) {
      return new NoReproduction(List.of("the root cause has no exception type"));
    }
    List<CapturedFrame> frames =
        root.frames().stream().filter(f -> isInApp(f, inAppPackages)).toList();
    if (frames.isEmpty()) {
      return new NoReproduction(List.of("the root cause has no in-app frame"));
    }
    String throwSite = frames.get(frames.size() - 1).qualifiedMethod();

    ProjectSources sources = new ProjectSources(mainSourceRoots);
    CallSiteLocator locator = new CallSiteLocator(sources);
    TestSourceWriter writer =
        new TestSourceWriter(sources, ProjectBuild.detect(projectRoot, testSourceRoot));
    List<String> reasons = new ArrayList<>();
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (reasons.size() == MAX_FRAMES_TRIED) {
        reasons.add((i + 1) + " outer frames not tried");
        break;
      }
      CapturedFrame frame = frames.get(i);
      Optional<String> refused = callable.refusal(frame);
      if (refused.isPresent()) {
        reasons.add("frame " + describe(frame) + ": " + refused.get());
        continue;
      }
      try {
        CallSite site = locator.locate(frame);
        String expected = expectedException(error, frame);
        String packageName = site.owner().packageName();
        String testClass = freeClassName(packageName, idHint, error.eventId());
        String testMethod =
            "reproduces"
                + (site.callable().isConstructor()
                    ? "New" + site.owner().declaration().getNameAsString()
                    : JavaLiterals.capitalize(site.callable().name()));
        TestSourceWriter.Written written =
            writer.write(
                site,
                testClass,
                testMethod,
                new TestSourceWriter.Incident(error.eventId(), expected, throwSite));
        List<String> notes = new ArrayList<>();
        reasons.forEach(r -> notes.add(r + " (skipped)"));
        notes.addAll(written.notes());
        if (!expected.equals(root.type())) {
          notes.add("expects " + expected + ": the called method wraps the root cause");
        }
        return new ReproductionTest(
            relativePath(packageName, testClass),
            written.source(),
            packageName.isEmpty() ? testClass : packageName + "." + testClass,
            testMethod,
            frame,
            expected,
            throwSite,
            notes);
      } catch (Unrebuildable e) {
        reasons.add("frame " + describe(frame) + ": " + e.getMessage());
      }
    }
    return new NoReproduction(reasons);
  }

  private static boolean isInApp(CapturedFrame frame, List<String> inAppPackages) {
    if (frame.inApp()) {
      return true;
    }
    String name = frame.className();
    for (String prefix : inAppPackages) {
      String pkg = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
      if (!pkg.isEmpty() && (name.startsWith(pkg + ".") || name.equals(pkg))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exception a call of {@code target}'s method lets escape: the outermost exception of the
   * chain created while that method ran (its trace lists the method), else the root cause.
   */
  static String expectedException(ProductionError error, CapturedFrame target) {
    List<CapturedException> chain = error.exceptions();
    for (int i = chain.size() - 1; i >= 1; i--) {
      for (CapturedFrame frame : chain.get(i).frames()) {
        if (frame.className().equals(target.className())
            && frame.method().equals(target.method())
            && !chain.get(i).type().isBlank()) {
          return chain.get(i).type();
        }
      }
    }
    return chain.get(0).type();
  }

  /** {@code KintsugiRepro<id>Test}, with a {@code V2}, {@code V3}... suffix if taken. */
  private String freeClassName(String packageName, String idHint, String eventId) {
    String id = JavaLiterals.alphanumeric(idHint, MAX_ID_CHARS);
    if (id.isEmpty()) {
      id = JavaLiterals.alphanumeric(eventId, MAX_ID_CHARS);
    }
    Path dir =
        packageName.isEmpty()
            ? testSourceRoot
            : testSourceRoot.resolve(packageName.replace('.', '/'));
    String name = PREFIX + id + "Test";
    for (int n = 2; Files.exists(dir.resolve(name + ".java")); n++) {
      name = PREFIX + id + "V" + n + "Test";
    }
    return name;
  }

  private String relativePath(String packageName, String testClass) {
    Path dir =
        packageName.isEmpty()
            ? testSourceRoot
            : testSourceRoot.resolve(packageName.replace('.', '/'));
    return projectRoot.relativize(dir.resolve(testClass + ".java")).toString().replace('\\', '/');
  }

  private static String describe(CapturedFrame frame) {
    String method = frame.method();
    boolean special = method.equals("<init>") || method.equals("<clinit>");
    return JavaLiterals.commentSafe(frame.className(), 200)
        + "."
        + (special ? method : JavaLiterals.commentSafe(method, 100));
  }
}
