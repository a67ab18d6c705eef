package dev.kintsugi.heal.validate;

import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.RunGate;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The gates of DESIGN.md in the order they run, cheapest first. Adding a gate is one class and one
 * line here: static gates judge the patch's text, run gates the candidate's compile-and-test trial.
 *
 * @param root the workspace the candidate applies to
 * @param scope repository-relative files a candidate may change
 * @param limits size limits
 * @param failing the originally failing tests
 * @param policy the project's policy: files it protects are never patched
 */
public record GateChain(
    Path root, Set<String> scope, SizeLimits limits, Set<TestId> failing, Policy policy) {

  public GateChain {
    scope = Set.copyOf(scope);
    failing = Set.copyOf(failing);
    Objects.requireNonNull(policy, "policy");
  }

  /** The gates without a policy. */
  public GateChain(Path root, Set<String> scope, SizeLimits limits, Set<TestId> failing) {
    this(root, scope, limits, failing, Policy.NONE);
  }

  List<Gate> staticGates() {
    return List.of(
        new AppliesGate(root),
        new ParsesGate(),
        new ScopeGate(scope),
        new ProtectedPathGate(policy),
        new SizeGate(limits.maxChangedLines(), limits.maxFiles()),
        new SafetyGate());
  }

  List<RunGate> runGates() {
    return List.of(
        new CompilesGate(), new FailingTestsPassGate(failing), new RelevantTestsPassGate());
  }
}
