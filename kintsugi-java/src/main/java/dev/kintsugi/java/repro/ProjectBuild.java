package dev.kintsugi.java.repro;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the project's build offers a generated test: its test framework and whether Jackson is there
 * to rebuild objects with. Read from {@code pom.xml} dependencies (comments ignored), then Gradle
 * build files, then the imports of existing tests; JUnit 5 when nothing tells.
 *
 * @param framework the test framework to generate for
 * @param jackson whether the build declares {@code jackson-databind}
 */
record ProjectBuild(TestFramework framework, boolean jackson) {

  enum TestFramework {
    JUNIT5("org.junit.jupiter.api.Test"),
    JUNIT4("org.junit.Test");

    private final String testAnnotation;

    TestFramework(String testAnnotation) {
      this.testAnnotation = testAnnotation;
    }

    String testAnnotation() {
      return testAnnotation;
    }
  }

  /** A dependency's Maven coordinates. */
  private record Coordinates(String groupId, String artifactId) {}

  private static final int MAX_TEST_FILES = 300;
  private static final Pattern GRADLE_DEPENDENCY =
      Pattern.compile("['\"]([\\w.-]+):([\\w.-]+)(?::[^'\"]*)?['\"]");

  ProjectBuild {
    Objects.requireNonNull(framework, "framework");
  }

  static ProjectBuild detect(Path projectRoot, Path testSourceRoot) {
    List<Coordinates> dependencies =
        new ArrayList<>(pomDependencies(projectRoot.resolve("pom.xml")));
    dependencies.addAll(gradleDependencies(projectRoot));
    boolean jupiter = false;
    boolean junit4 = false;
    boolean jackson = false;
    for (Coordinates dependency : dependencies) {
      String artifact = dependency.artifactId();
      jupiter |=
          dependency.groupId().equals("org.junit.jupiter")
              || artifact.startsWith("junit-jupiter")
              || artifact.equals("spring-boot-starter-test");
      junit4 |= dependency.groupId().equals("junit") && artifact.equals("junit");
      // Spring Boot's web and json starters bring jackson-databind onto the class path.
      jackson |=
          artifact.equals("jackson-databind")
              || artifact.equals("spring-boot-starter-web")
              || artifact.equals("spring-boot-starter-json");
    }
    TestFramework framework;
    if (jupiter) {
      framework = TestFramework.JUNIT5;
    } else if (junit4) {
      framework = TestFramework.JUNIT4;
    } else {
      framework = fromTestImports(testSourceRoot);
    }
    return new ProjectBuild(framework, jackson);
  }

  /** {@code {groupId, artifactId}} of each declared dependency (not dependencyManagement). */
  private static List<Coordinates> pomDependencies(Path pom) {
    if (!Files.isRegularFile(pom)) {
      return List.of();
    }
    try (InputStream in = Files.newInputStream(pom)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      Document document = factory.newDocumentBuilder().parse(in);
      List<Coordinates> found = new ArrayList<>();
      NodeList nodes = document.getElementsByTagName("dependency");
      for (int i = 0; i < nodes.getLength(); i++) {
        Element dependency = (Element) nodes.item(i);
        Node list = dependency.getParentNode();
        Node owner = list == null ? null : list.getParentNode();
        if (owner != null && owner.getNodeName().equals("dependencyManagement")) {
          continue;
        }
        found.add(new Coordinates(child(dependency, "groupId"), child(dependency, "artifactId")));
      }
      return found;
    } catch (IOException | RuntimeException | ParserConfigurationException | SAXException e) {
      return List.of();
    }
  }

  private static String child(Element element, String name) {
    NodeList children = element.getElementsByTagName(name);
    return children.getLength() == 0 ? "" : children.item(0).getTextContent().trim();
  }

  private static List<Coordinates> gradleDependencies(Path projectRoot) {
    List<Coordinates> found = new ArrayList<>();
    for (String file : List.of("build.gradle", "build.gradle.kts")) {
      Path build = projectRoot.resolve(file);
      if (!Files.isRegularFile(build)) {
        continue;
      }
      try {
        Matcher m = GRADLE_DEPENDENCY.matcher(Files.readString(build));
        while (m.find()) {
          found.add(new Coordinates(m.group(1), m.group(2)));
        }
      } catch (IOException | RuntimeException e) {
        // an unreadable build file tells nothing
      }
    }
    return found;
  }

  private static TestFramework fromTestImports(Path testSourceRoot) {
    if (!Files.isDirectory(testSourceRoot)) {
      return TestFramework.JUNIT5;
    }
    int jupiter = 0;
    int junit4 = 0;
    try (Stream<Path> files = Files.walk(testSourceRoot)) {
      for (Path file :
          files.filter(p -> p.toString().endsWith(".java")).limit(MAX_TEST_FILES).toList()) {
        String text = Files.readString(file);
        jupiter += text.contains("import org.junit.jupiter.") ? 1 : 0;
        junit4 += text.contains("import org.junit.Test;") ? 1 : 0;
      }
    } catch (IOException | RuntimeException e) {
      // fall through with what was counted
    }
    return junit4 > jupiter ? TestFramework.JUNIT4 : TestFramework.JUNIT5;
  }
}
