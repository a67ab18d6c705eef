package dev.kintsugi.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small real Maven projects written into a directory, for tests that run Maven and the worker. */
public final class SampleProjects {

  /** Line 5 holds the planted bug; {@code abs} branches on lines 9-12. */
  public static final String CALC =
      """
      package com.acme;

      public class Calc {
        public int add(int a, int b) {
          return a - b;
        }

        public int abs(int x) {
          if (x < 0) {
            return -x;
          }
          return x;
        }

        public int twice(int x) {
          return Doubler.of(x);
        }
      }
      """;

  public static final String CALC_PATH = "src/main/java/com/acme/Calc.java";

  private static final String DOUBLER =
      """
      package com.acme;

      final class Doubler {
        static int of(int x) {
          return x * 2;
        }
      }
      """;

  private static final String CALC_TEST =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;
      import static org.junit.jupiter.api.Assertions.assertTrue;

      import org.junit.jupiter.api.Nested;
      import org.junit.jupiter.api.Test;
      import org.junit.jupiter.params.ParameterizedTest;
      import org.junit.jupiter.params.provider.ValueSource;

      class CalcTest {
        @Test
        void adds() {
          assertEquals(5, new Calc().add(2, 3));
        }

        @Test
        void absOfNegative() {
          assertEquals(4, new Calc().abs(-4));
        }

        @Test
        void absOfPositive() {
          System.out.println("RESULT\\tcom.acme.CalcTest#absOfPositive\\tFAILED");
          assertEquals(4, new Calc().abs(4));
        }

        @Test
        void twice() {
          assertEquals(6, new Calc().twice(3));
        }

        @Test
        void broken() {
          throw new IllegalStateException("boom");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, -2})
        void absIsNonNegative(int x) {
          assertTrue(new Calc().abs(x) >= 0);
        }

        @Nested
        class Twice {
          @Test
          void ofZero() {
            assertEquals(0, new Calc().twice(0));
          }
        }
      }
      """;

  /** Hangs, after writing its JVM's pid to hang.pid, when the file hang.flag exists. */
  private static final String HANG_TEST =
      """
      package com.acme;

      import java.nio.file.Files;
      import java.nio.file.Path;
      import org.junit.jupiter.api.Test;

      class HangTest {
        @Test
        void hangsWhenFlagged() throws Exception {
          if (Files.exists(Path.of("hang.flag"))) {
            Files.writeString(Path.of("hang.pid"), Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(600_000);
          }
        }
      }
      """;

  private static final String GREETER =
      """
      package com.acme;

      public class Greeter {
        public String greet(String name) {
          return "Hello " + name;
        }
      }
      """;

  private static final String GREETER_TEST =
      """
      package com.acme;

      import static org.junit.Assert.assertEquals;

      import org.junit.Test;

      public class GreeterTest {
        @Test
        public void greets() {
          assertEquals("Hello Bob", new Greeter().greet("Bob"));
        }

        @Test
        public void greetsLoudly() {
          assertEquals("HELLO BOB", new Greeter().greet("Bob"));
        }
      }
      """;

  private static final String JUNIT4_POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>com.acme</groupId>
        <artifactId>legacy</artifactId>
        <version>1.0</version>
        <properties>
          <maven.compiler.source>11</maven.compiler.source>
          <maven.compiler.target>11</maven.compiler.target>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>junit</groupId>
            <artifactId>junit</artifactId>
            <version>4.13.2</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-compiler-plugin</artifactId>
              <version>3.14.0</version>
            </plugin>
            <plugin>
              <groupId>org.apache.maven.plugins</groupId>
              <artifactId>maven-surefire-plugin</artifactId>
              <version>3.5.4</version>
            </plugin>
          </plugins>
        </build>
      </project>
      """;

  private SampleProjects() {}

  /** A JUnit 5 test dependency for {@link #pom}. */
  public static final String JUPITER = "org.junit.jupiter:junit-jupiter:5.14.1";

  /** A JUnit 4 test dependency for {@link #pom}. */
  public static final String JUNIT4 = "junit:junit:4.13.2";

  /**
   * A single-module POM (Java 17, pinned compiler and Surefire) whose Surefire configuration and
   * extra properties a test chooses: the part of the build the fast path must follow.
   *
   * @param testDependency {@code groupId:artifactId:version}, test scope
   * @param properties extra {@code <properties>} children, or empty
   * @param surefireConfiguration the children of Surefire's {@code <configuration>}
   */
  public static String pom(
      String artifactId, String testDependency, String properties, String surefireConfiguration) {
    return pom(artifactId, List.of(testDependency + ":test"), properties, surefireConfiguration);
  }

  /**
   * The {@link #pom(String, String, String, String)} POM with several dependencies.
   *
   * @param dependencies {@code groupId:artifactId:version} (compile scope) or {@code
   *     groupId:artifactId:version:scope}
   */
  public static String pom(
      String artifactId,
      List<String> dependencies,
      String properties,
      String surefireConfiguration) {
    StringBuilder xml = new StringBuilder();
    for (String dependency : dependencies) {
      String[] gav = dependency.split(":");
      xml.append(
          """
              <dependency>
                <groupId>%s</groupId>
                <artifactId>%s</artifactId>
                <version>%s</version>
                <scope>%s</scope>
              </dependency>
          """
              .formatted(gav[0], gav[1], gav[2], gav.length > 3 ? gav[3] : "compile"));
    }
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            %s
          </properties>
          <dependencies>
        %s
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.4</version>
                <configuration>
                  %s
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(artifactId, properties, xml, surefireConfiguration);
  }

  /**
   * A JUnit 5 project: {@code CalcTest} has a failing test ({@code adds}, bug on line 5 of
   * Calc.java), an erroring one ({@code broken}), passing ones, a parameterized one and a nested
   * class; {@code HangTest} hangs when hang.flag exists.
   */
  public static Path junit5(Path dir) throws IOException {
    return junit5(dir, "5.14.1");
  }

  /** The {@link #junit5(Path)} project with another version of JUnit Jupiter (e.g. 6.x). */
  public static Path junit5(Path dir, String jupiterVersion) throws IOException {
    return write(
        dir,
        Map.of(
            "pom.xml",
            pom("calc", JUPITER.replace("5.14.1", jupiterVersion), "", ""),
            CALC_PATH,
            CALC,
            "src/main/java/com/acme/Doubler.java",
            DOUBLER,
            "src/test/java/com/acme/CalcTest.java",
            CALC_TEST,
            "src/test/java/com/acme/HangTest.java",
            HANG_TEST));
  }

  /** A JUnit 4 project compiled for Java 11: {@code GreeterTest#greetsLoudly} fails. */
  public static Path junit4(Path dir) throws IOException {
    return write(
        dir,
        Map.of(
            "pom.xml", JUNIT4_POM,
            "src/main/java/com/acme/Greeter.java", GREETER,
            "src/test/java/com/acme/GreeterTest.java", GREETER_TEST));
  }

  public static Path write(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return dir;
  }
}
