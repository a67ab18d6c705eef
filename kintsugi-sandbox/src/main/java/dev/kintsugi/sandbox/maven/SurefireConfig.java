package dev.kintsugi.sandbox.maven;

import dev.kintsugi.sandbox.TestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The Surefire configuration of a pom.xml that decides how tests run: {@code argLine}, system
 * properties, environment variables, working directory. Read from the POM file itself, not the
 * effective POM: {@code help:effective-pom} costs a Maven start and the help plugin, which an
 * offline sandbox may not have; configuration inherited from a parent POM is therefore not seen
 * (the confirmation build still runs with it).
 *
 * <p>{@code ${name}} is resolved from the POM's properties and the usual project paths, as Maven
 * interpolates; {@code @{name}} (Surefire's late replacement) likewise. A property only a plugin
 * sets during the build (JaCoCo's {@code argLine} for its agent) is unknown here and resolves to
 * nothing: the coverage run brings its own agent.
 */
final class SurefireConfig {

  private static final Pattern REFERENCE = Pattern.compile("[$@]\\{([^}]+)}");
  private static final String SUREFIRE = "maven-surefire-plugin";

  private SurefireConfig() {}

  static TestSettings read(Path root, PomFile pom) {
    Path pomFile = root.resolve("pom.xml");
    Element project;
    try {
      project = Xml.parse(pomFile).getDocumentElement();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pomFile, e);
    }
    Map<String, String> properties = new HashMap<>(pom.properties());
    properties.put("basedir", root.toString());
    properties.put("project.basedir", root.toString());
    properties.put("project.build.directory", root.resolve("target").toString());
    properties.put("project.build.outputDirectory", root.resolve("target/classes").toString());
    properties.put(
        "project.build.testOutputDirectory", root.resolve("target/test-classes").toString());
    Element config = configuration(project);
    String argLine = config == null ? null : Xml.childText(config, "argLine");
    if (argLine == null) {
      // Surefire's argLine parameter defaults to the user property of the same name.
      argLine = pom.properties().getOrDefault("argLine", "");
    }
    Map<String, String> systemProperties = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    Optional<Path> workingDirectory = Optional.empty();
    if (config != null) {
      Element legacy = Xml.child(config, "systemProperties");
      if (legacy != null) {
        for (Element property : children(legacy)) {
          String name = Xml.childText(property, "name");
          if (name != null) {
            String value = Xml.childText(property, "value");
            systemProperties.put(name, resolve(value == null ? "" : value, properties));
          }
        }
      }
      entries(Xml.child(config, "systemPropertyVariables"), properties, systemProperties);
      entries(Xml.child(config, "environmentVariables"), properties, environment);
      String dir = Xml.childText(config, "workingDirectory");
      if (dir != null && !dir.isBlank()) {
        workingDirectory = Optional.of(root.resolve(resolve(dir, properties)).normalize());
      }
    }
    return new TestSettings(
        List.of(),
        List.of(),
        arguments(resolve(argLine, properties)),
        systemProperties,
        environment,
        workingDirectory);
  }

  /** The surefire plugin's configuration, from build/plugins over build/pluginManagement. */
  private static Element configuration(Element project) {
    Element build = Xml.child(project, "build");
    if (build == null) {
      return null;
    }
    Element found = plugin(Xml.child(build, "plugins"));
    if (found == null) {
      Element management = Xml.child(build, "pluginManagement");
      found = management == null ? null : plugin(Xml.child(management, "plugins"));
    }
    return found == null ? null : Xml.child(found, "configuration");
  }

  private static Element plugin(Element plugins) {
    if (plugins == null) {
      return null;
    }
    for (Element plugin : children(plugins)) {
      if (SUREFIRE.equals(Xml.childText(plugin, "artifactId"))) {
        return plugin;
      }
    }
    return null;
  }

  private static void entries(
      Element parent, Map<String, String> properties, Map<String, String> into) {
    if (parent != null) {
      for (Element entry : children(parent)) {
        into.put(entry.getTagName(), resolve(entry.getTextContent().trim(), properties));
      }
    }
  }

  private static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        elements.add(element);
      }
    }
    return elements;
  }

  /** Replaces {@code ${name}} and {@code @{name}}, recursively; unknown names become empty. */
  static String resolve(String text, Map<String, String> properties) {
    String current = text;
    for (int depth = 0; depth < 10 && REFERENCE.matcher(current).find(); depth++) {
      Matcher matcher = REFERENCE.matcher(current);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String value = properties.getOrDefault(matcher.group(1), "");
        matcher.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(out);
      current = out.toString();
    }
    return current;
  }

  /** Splits a command-line string as a shell would for simple quoting ('...' and "..."). */
  static List<String> arguments(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inArg = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inArg = true;
      } else if (Character.isWhitespace(c)) {
        if (inArg) {
          args.add(current.toString());
          current.setLength(0);
          inArg = false;
        }
      } else {
        current.append(c);
        inArg = true;
      }
    }
    if (inArg) {
      args.add(current.toString());
    }
    return args;
  }
}
