package dev.kintsugi.sandbox.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The modules of a multi-module Maven build and which of them depend on which, read from the POM
 * files (root {@code <modules>}, recursively). Only the graph between siblings is kept: versions,
 * scopes and external dependencies are left to Maven itself.
 *
 * @param root the aggregator's directory
 * @param modules the modules with Java code (not aggregators), upstream before downstream
 */
record Reactor(Path root, List<Module> modules) {

  /**
   * One module of the reactor.
   *
   * @param key {@code groupId:artifactId}
   * @param dir its directory (holding its pom.xml)
   * @param dependsOn keys of the sibling modules it declares as dependencies
   */
  record Module(String key, Path dir, Set<String> dependsOn) {

    Module {
      dependsOn = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(dependsOn));
    }

    /** The module's path relative to the reactor root, as {@code mvn -pl} takes it. */
    String selector(Path root) {
      String relative = root.relativize(dir).toString();
      return relative.isEmpty() ? "." : relative;
    }
  }

  Reactor {
    modules = List.copyOf(modules);
  }

  /** Whether the pom.xml in {@code root} aggregates modules. */
  static boolean isReactor(Path root) {
    PomFile pom = PomFile.read(root.resolve("pom.xml"));
    return pom.packaging().equals("pom") || pom.moduleCount() > 0;
  }

  /** Reads the reactor whose aggregator POM is in {@code root}. */
  static Reactor read(Path root) {
    Path top = root.toAbsolutePath().normalize();
    Map<String, Module> byKey = new LinkedHashMap<>();
    collect(top, top, Optional.empty(), byKey, new LinkedHashSet<>());
    return new Reactor(top, buildOrder(byKey));
  }

  /** The module whose directory is {@code dir}, if any. */
  Optional<Module> moduleAt(Path dir) {
    Path normal = dir.toAbsolutePath().normalize();
    return modules.stream().filter(m -> m.dir().equals(normal)).findFirst();
  }

  /** {@code module} and every module it depends on, directly or not, upstream first. */
  List<Module> withUpstream(Module module) {
    Set<String> needed = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(module.key()));
    while (!todo.isEmpty()) {
      String key = todo.remove(todo.size() - 1);
      if (needed.add(key)) {
        modules.stream()
            .filter(m -> m.key().equals(key))
            .findFirst()
            .ifPresent(m -> todo.addAll(m.dependsOn()));
      }
    }
    return modules.stream().filter(m -> needed.contains(m.key())).toList();
  }

  private static void collect(
      Path root,
      Path dir,
      Optional<String> parentGroup,
      Map<String, Module> byKey,
      Set<Path> seen) {
    Path pomFile = dir.resolve("pom.xml");
    if (!seen.add(dir) || !Files.isRegularFile(pomFile)) {
      return; // a missing module is Maven's error to report; a cycle ends here
    }
    Element project = parse(pomFile);
    Element parent = Xml.child(project, "parent");
    String group =
        Optional.ofNullable(Xml.childText(project, "groupId"))
            .or(() -> Optional.ofNullable(parent == null ? null : Xml.childText(parent, "groupId")))
            .or(() -> parentGroup)
            .orElse("");
    String packaging = Optional.ofNullable(Xml.childText(project, "packaging")).orElse("jar");
    List<String> children = childTexts(Xml.child(project, "modules"), "module");
    if (!packaging.equals("pom")) {
      String key = group + ":" + Xml.childText(project, "artifactId");
      Set<String> deps = new LinkedHashSet<>();
      for (Element dep : childElements(Xml.child(project, "dependencies"), "dependency")) {
        String depGroup = Xml.childText(dep, "groupId");
        deps.add(
            ("${project.groupId}".equals(depGroup) ? group : depGroup)
                + ":"
                + Xml.childText(dep, "artifactId"));
      }
      byKey.put(key, new Module(key, dir, deps));
    }
    for (String child : children) {
      collect(root, dir.resolve(child).normalize(), Optional.of(group), byKey, seen);
    }
  }

  /** Topological order, keeping declaration order among independent modules (as Maven does). */
  private static List<Module> buildOrder(Map<String, Module> byKey) {
    List<Module> ordered = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    Set<String> visiting = new LinkedHashSet<>();
    for (Module module : byKey.values()) {
      place(module, byKey, placed, visiting, ordered);
    }
    // Keep only edges between siblings: external dependencies are Maven's business.
    return ordered.stream()
        .map(
            m ->
                new Module(
                    m.key(),
                    m.dir(),
                    m.dependsOn().stream()
                        .filter(byKey::containsKey)
                        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))))
        .toList();
  }

  private static void place(
      Module module,
      Map<String, Module> byKey,
      Set<String> placed,
      Set<String> visiting,
      List<Module> ordered) {
    if (placed.contains(module.key()) || !visiting.add(module.key())) {
      return; // done, or a cycle (Maven refuses those before any test runs)
    }
    for (String dep : module.dependsOn()) {
      Module upstream = byKey.get(dep);
      if (upstream != null) {
        place(upstream, byKey, placed, visiting, ordered);
      }
    }
    placed.add(module.key());
    ordered.add(module);
  }

  private static Element parse(Path pom) {
    try {
      return Xml.parse(pom).getDocumentElement();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pom, e);
    }
  }

  private static List<Element> childElements(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent != null) {
      for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element element && element.getTagName().equals(name)) {
          found.add(element);
        }
      }
    }
    return found;
  }

  private static List<String> childTexts(Element parent, String name) {
    return childElements(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
  }
}
