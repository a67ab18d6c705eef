package dev.kintsugi.heal.validate;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.Name;
import com.github.javaparser.ast.expr.SimpleName;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rejects candidates that edit tests or build files, or that add uses of APIs a fix never needs:
 * processes, network, reflection, JVM exit, file deletion, security manager, native code.
 *
 * <p>It compares how often each dangerous name occurs before and after the change (names in the
 * AST, after Unicode-escape decoding), so a candidate may keep or remove such a use but never add
 * one. This errs on the side of refusing: a fix that truly needs one of these goes to a human.
 */
final class SafetyGate implements Gate {

  static final Set<String> DANGEROUS_NAMES =
      Set.of(
          "Runtime",
          "ProcessBuilder",
          "ProcessHandle",
          "exec",
          "exit",
          "halt",
          "Socket",
          "ServerSocket",
          "DatagramSocket",
          "SocketChannel",
          "URL",
          "URLConnection",
          "HttpURLConnection",
          "HttpClient",
          "InetAddress",
          "forName",
          "getDeclaredMethod",
          "getDeclaredField",
          "getDeclaredConstructor",
          "getMethod",
          "setAccessible",
          "reflect",
          "MethodHandles",
          "invoke",
          "delete",
          "deleteIfExists",
          "deleteOnExit",
          "deleteRecursively",
          "SecurityManager",
          "setSecurityManager",
          "Unsafe",
          "loadLibrary",
          "load");

  @Override
  public String name() {
    return "safety";
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    for (FileChange change : candidate.changes()) {
      String reason = protectedFileReason(change.file());
      if (reason != null) {
        return GateVerdict.reject(name(), change.file() + ": " + reason);
      }
      if (!change.file().endsWith(".java")) {
        return GateVerdict.reject(name(), change.file() + ": only Java sources may be changed");
      }
      Map<String, Integer> before = dangerousNames(change.before());
      Map<String, Integer> after = dangerousNames(change.after());
      if (after == null) {
        return GateVerdict.reject(name(), change.file() + ": does not parse");
      }
      for (var entry : after.entrySet()) {
        int was = before == null ? 0 : before.getOrDefault(entry.getKey(), 0);
        if (entry.getValue() > was) {
          return GateVerdict.reject(
              name(), change.file() + ": adds a use of `" + entry.getKey() + "`");
        }
      }
    }
    return GateVerdict.pass(name(), "");
  }

  /** Why a path may never be changed by a fix, or null when it may. */
  static String protectedFileReason(String file) {
    String path = "/" + file.replace('\\', '/');
    String name = path.substring(path.lastIndexOf('/') + 1);
    String lower = name.toLowerCase(Locale.ROOT);
    if (path.contains("/src/test/") || path.contains("/src/it/") || path.contains("/test/java/")) {
      return "tests are evidence and may not be edited";
    }
    if (name.matches(".*(Test|Tests|IT|TestCase)\\.java")) {
      return "tests are evidence and may not be edited";
    }
    if (lower.equals("pom.xml")
        || lower.startsWith("build.gradle")
        || lower.startsWith("settings.gradle")
        || lower.startsWith("mvnw")
        || lower.startsWith("gradlew")
        || path.contains("/.mvn/")
        || path.contains("/.github/")
        || path.contains("/.ci/")) {
      return "build and CI files may not be edited";
    }
    return null;
  }

  private static Map<String, Integer> dangerousNames(String source) {
    ParseResult<CompilationUnit> parsed = JavaSources.parse(source);
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      return null;
    }
    CompilationUnit cu = parsed.getResult().get();
    Map<String, Integer> counts = new HashMap<>();
    cu.findAll(SimpleName.class).forEach(n -> count(counts, n.getIdentifier()));
    cu.findAll(Name.class).forEach(n -> count(counts, n.getIdentifier()));
    return counts;
  }

  private static void count(Map<String, Integer> counts, String identifier) {
    if (DANGEROUS_NAMES.contains(identifier)) {
      counts.merge(identifier, 1, Integer::sum);
    }
  }
}
