package dev.kintsugi.heal.prepare;

import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a layout from one copy of a project to another: every path inside the old root (classes,
 * sources, the module's directory, a reactor sibling's classes) and every mention of the old root
 * in the test JVM's settings now names the new copy; paths elsewhere (jars in the local repository)
 * stay.
 */
public final class Rebase {

  private final Path from;
  private final Path to;

  public Rebase(Path from, Path to) {
    this.from = from.toAbsolutePath().normalize();
    this.to = to.toAbsolutePath().normalize();
  }

  public Path path(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(from) ? to.resolve(from.relativize(abs).toString()) : p;
  }

  /** Replaces the old root where a setting names it (an argLine's {@code ${basedir}/...}). */
  public String text(String s) {
    return s.replace(from.toString(), to.toString());
  }

  public ProjectLayout layout(ProjectLayout l) {
    TestSettings t = l.testSettings();
    return new ProjectLayout(
        path(l.root()),
        paths(l.mainSourceRoots()),
        paths(l.testSourceRoots()),
        path(l.mainClasses()),
        path(l.testClasses()),
        paths(l.classpath()),
        l.framework(),
        l.platformLauncherJar().map(this::path),
        l.javaRelease(),
        new TestSettings(
            t.testClasses(),
            t.testMethods(),
            t.jvmArgs().stream().map(this::text).toList(),
            texts(t.systemProperties()),
            texts(t.environment()),
            t.workingDirectory().map(this::path)),
        path(l.baseDir()),
        paths(l.upstreamClasses()));
  }

  private List<Path> paths(List<Path> ps) {
    return ps.stream().map(this::path).toList();
  }

  private Map<String, String> texts(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, text(v)));
    return out;
  }
}
