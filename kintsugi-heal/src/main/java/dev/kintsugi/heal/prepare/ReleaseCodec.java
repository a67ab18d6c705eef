package dev.kintsugi.heal.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestFramework;
import dev.kintsugi.sandbox.TestSettings;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link PreparedRelease} as JSON ({@code release.json} beside its tree), so a preparation
 * outlives the process. Paths inside the tree are stored under a placeholder root and put back
 * under wherever the tree lies when read, so the directory can be moved. Written field by field
 * rather than by data binding: the records hold {@code Optional}s, {@code Path}s and a map keyed by
 * {@link TestId}, each of which would need its own Jackson module or key deserializer.
 */
final class ReleaseCodec {

  static final int VERSION = 1;

  /** Where paths inside the tree are rooted in the file. */
  private static final Path PLACEHOLDER = Path.of("/kintsugi-prepared-tree");

  private final ObjectMapper json = new ObjectMapper();

  byte[] write(PreparedRelease release) throws IOException {
    ProjectLayout layout = new Rebase(release.tree(), PLACEHOLDER).layout(release.layout());
    ObjectNode root = json.createObjectNode();
    root.put("version", VERSION);
    root.put("commit", release.commit());
    strings(root.putArray("warnings"), release.warnings());
    writeLayout(root.putObject("layout"), layout);
    ObjectNode build = root.putObject("build");
    outcomes(build.putArray("outcomes"), release.build().outcomes());
    build.put("exitCode", release.build().exitCode());
    build.put("timedOut", release.build().timedOut());
    build.put("outputTail", release.build().outputTail());
    ObjectNode coverage = root.putObject("coverage");
    outcomes(coverage.putArray("outcomes"), release.coverage().outcomes());
    ArrayNode lines = coverage.putArray("lines");
    release
        .coverage()
        .coverage()
        .linesByTest()
        .forEach(
            (test, byFile) -> {
              ObjectNode entry = lines.addObject();
              entry.put("test", test.className());
              entry.put("method", test.methodName());
              files(entry.putObject("files"), byFile);
            });
    strings(coverage.putArray("unbuiltContexts"), release.coverage().unbuiltContexts());
    release
        .coverage()
        .startupLines()
        .ifPresent(startup -> files(coverage.putObject("startupLines"), startup));
    return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  /**
   * @throws IOException when the file is not a preparation of this version (then it is prepared
   *     again)
   */
  PreparedRelease read(byte[] bytes, Path tree) throws IOException {
    try {
      JsonNode root = json.readTree(bytes);
      if (root == null || root.path("version").asInt() != VERSION) {
        throw new IOException("not a prepared release of version " + VERSION);
      }
      JsonNode build = root.get("build");
      JsonNode coverage = root.get("coverage");
      Map<TestId, Map<String, Set<Integer>>> lines = new HashMap<>();
      for (JsonNode entry : coverage.get("lines")) {
        lines.put(
            new TestId(entry.get("test").asText(), entry.get("method").asText()),
            files(entry.get("files")));
      }
      ProjectLayout layout = new Rebase(PLACEHOLDER, tree).layout(readLayout(root.get("layout")));
      return new PreparedRelease(
          root.get("commit").asText(),
          tree,
          layout,
          new TestRunResult(
              outcomes(build.get("outcomes")),
              build.get("exitCode").asInt(),
              build.get("timedOut").asBoolean(),
              build.get("outputTail").asText()),
          new CoverageRun(
              outcomes(coverage.get("outcomes")),
              new Coverage(lines),
              strings(coverage.get("unbuiltContexts")),
              Optional.ofNullable(coverage.get("startupLines")).map(ReleaseCodec::files)),
          strings(root.get("warnings")));
    } catch (RuntimeException e) {
      throw new IOException("unreadable prepared release: " + e, e);
    }
  }

  private static void writeLayout(ObjectNode node, ProjectLayout l) {
    node.put("root", l.root().toString());
    paths(node.putArray("mainSourceRoots"), l.mainSourceRoots());
    paths(node.putArray("testSourceRoots"), l.testSourceRoots());
    node.put("mainClasses", l.mainClasses().toString());
    node.put("testClasses", l.testClasses().toString());
    paths(node.putArray("classpath"), l.classpath());
    node.put("framework", l.framework().name());
    l.platformLauncherJar().ifPresent(jar -> node.put("platformLauncherJar", jar.toString()));
    node.put("javaRelease", l.javaRelease());
    TestSettings t = l.testSettings();
    ObjectNode tests = node.putObject("testSettings");
    strings(tests.putArray("testClasses"), t.testClasses());
    strings(tests.putArray("testMethods"), t.testMethods());
    strings(tests.putArray("jvmArgs"), t.jvmArgs());
    ObjectNode properties = tests.putObject("systemProperties");
    t.systemProperties().forEach(properties::put);
    ObjectNode environment = tests.putObject("environment");
    t.environment().forEach(environment::put);
    t.workingDirectory().ifPresent(dir -> tests.put("workingDirectory", dir.toString()));
    node.put("baseDir", l.baseDir().toString());
    paths(node.putArray("upstreamClasses"), l.upstreamClasses());
  }

  private static ProjectLayout readLayout(JsonNode n) {
    JsonNode t = n.get("testSettings");
    return new ProjectLayout(
        Path.of(n.get("root").asText()),
        paths(n.get("mainSourceRoots")),
        paths(n.get("testSourceRoots")),
        Path.of(n.get("mainClasses").asText()),
        Path.of(n.get("testClasses").asText()),
        paths(n.get("classpath")),
        TestFramework.valueOf(n.get("framework").asText()),
        Optional.ofNullable(n.get("platformLauncherJar")).map(j -> Path.of(j.asText())),
        n.get("javaRelease").asInt(),
        new TestSettings(
            strings(t.get("testClasses")),
            strings(t.get("testMethods")),
            strings(t.get("jvmArgs")),
            map(t.get("systemProperties")),
            map(t.get("environment")),
            Optional.ofNullable(t.get("workingDirectory")).map(d -> Path.of(d.asText()))),
        Path.of(n.get("baseDir").asText()),
        paths(n.get("upstreamClasses")));
  }

  private static void outcomes(ArrayNode array, List<TestOutcome> outcomes) {
    for (TestOutcome o : outcomes) {
      ObjectNode node = array.addObject();
      node.put("test", o.id().className());
      node.put("method", o.id().methodName());
      node.put("status", o.status().name());
      node.put("millis", o.millis());
      node.put("exceptionType", o.exceptionType());
      node.put("message", o.message());
      node.put("stackTrace", o.stackTrace());
    }
  }

  private static List<TestOutcome> outcomes(JsonNode array) {
    List<TestOutcome> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(
          new TestOutcome(
              new TestId(n.get("test").asText(), n.get("method").asText()),
              TestStatus.valueOf(n.get("status").asText()),
              n.get("millis").asLong(),
              n.get("exceptionType").asText(),
              n.get("message").asText(),
              n.get("stackTrace").asText()));
    }
    return out;
  }

  private static void files(ObjectNode node, Map<String, Set<Integer>> byFile) {
    byFile.forEach(
        (file, lines) -> {
          ArrayNode array = node.putArray(file);
          new TreeSet<>(lines).forEach(array::add);
        });
  }

  private static Map<String, Set<Integer>> files(JsonNode node) {
    Map<String, Set<Integer>> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Set<Integer> lines = new TreeSet<>();
      e.getValue().forEach(line -> lines.add(line.asInt()));
      out.put(e.getKey(), Set.copyOf(lines));
    }
    return out;
  }

  private static void paths(ArrayNode array, List<Path> paths) {
    paths.forEach(p -> array.add(p.toString()));
  }

  private static List<Path> paths(JsonNode array) {
    List<Path> out = new ArrayList<>();
    array.forEach(p -> out.add(Path.of(p.asText())));
    return out;
  }

  private static void strings(ArrayNode array, List<String> strings) {
    strings.forEach(array::add);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asText()));
    return out;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
