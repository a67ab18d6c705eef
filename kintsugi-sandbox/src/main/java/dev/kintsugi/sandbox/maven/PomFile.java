package dev.kintsugi.sandbox.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The few facts read directly from a pom.xml; everything else comes from running Maven. */
record PomFile(
    String packaging,
    int moduleCount,
    Map<String, String> properties,
    Optional<String> sourceDirectory,
    Optional<String> testSourceDirectory) {

  static PomFile read(Path pom) {
    Element project;
    try {
      project = Xml.parse(pom).getDocumentElement();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pom, e);
    }
    Map<String, String> properties = new HashMap<>();
    Element props = Xml.child(project, "properties");
    if (props != null) {
      for (Node node = props.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (node instanceof Element property) {
          properties.put(property.getTagName(), property.getTextContent().trim());
        }
      }
    }
    Element modules = Xml.child(project, "modules");
    int moduleCount = modules == null ? 0 : modules.getElementsByTagName("module").getLength();
    Element build = Xml.child(project, "build");
    String packaging = Xml.childText(project, "packaging");
    return new PomFile(
        packaging == null ? "jar" : packaging,
        moduleCount,
        Map.copyOf(properties),
        Optional.ofNullable(build == null ? null : Xml.childText(build, "sourceDirectory")),
        Optional.ofNullable(build == null ? null : Xml.childText(build, "testSourceDirectory")));
  }

  /** This POM with the properties of {@code parent} it does not set itself (inheritance). */
  PomFile inheriting(PomFile parent) {
    Map<String, String> merged = new HashMap<>(parent.properties());
    merged.putAll(properties);
    return new PomFile(
        packaging, moduleCount, Map.copyOf(merged), sourceDirectory, testSourceDirectory);
  }

  /** A property's value with one level of {@code ${other}} references resolved. */
  Optional<String> property(String name) {
    String value = properties.get(name);
    if (value != null && value.startsWith("${") && value.endsWith("}")) {
      value = properties.get(value.substring(2, value.length() - 1));
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank() && !v.contains("${"));
  }
}
