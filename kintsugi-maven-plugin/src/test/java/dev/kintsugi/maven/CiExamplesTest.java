package dev.kintsugi.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The CI steps of {@code examples/ci} parse, have the shape their CI system requires, call the goal
 * with properties it has, keep the token out of scripts, and their shell scripts parse.
 */
class CiExamplesTest {

  static final Path CI = Path.of("..", "examples", "ci").toAbsolutePath().normalize();

  static final Pattern PROPERTY = Pattern.compile("-Dkintsugi\\.(\\w+)=");

  final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void githubActionIsACompositeActionThatTestsThenHealsOnFailure() throws Exception {
    JsonNode action = yaml.readTree(CI.resolve("github/action.yml").toFile());

    assertThat(action.path("name").asText()).isNotBlank();
    assertThat(action.path("inputs").path("forge-token").path("required").asBoolean()).isTrue();
    assertThat(action.path("inputs").path("java-version").path("default").asText()).isEqualTo("17");
    assertThat(action.path("inputs").has("args")).isTrue();
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    List<JsonNode> steps = list(action.path("runs").path("steps"));
    for (JsonNode step : steps) {
      // A composite action's run step must name its shell; every step does one thing.
      assertThat(step.has("uses") ^ step.has("run")).as(step.toString()).isTrue();
      if (step.has("run")) {
        assertThat(step.path("shell").asText()).as(step.toString()).isEqualTo("bash");
      }
    }
    assertThat(steps.get(0).path("uses").asText()).startsWith("actions/setup-java@");
    JsonNode tests = step(steps, "tests");
    assertThat(tests.path("run").asText()).contains("mvn -B test");
    JsonNode heal = step(steps, "heal");
    assertThat(heal.path("if").asText()).isEqualTo("steps.tests.outputs.result == 'failed'");
    assertThat(heal.path("env").path("KINTSUGI_FORGE_TOKEN").asText())
        .isEqualTo("${{ inputs.forge-token }}");
    assertThat(heal.path("run").asText())
        .contains("dev.kintsugi:kintsugi-maven-plugin:")
        .contains("-Dkintsugi.deliver=pr", "-Dkintsugi.forge=github", "-Dkintsugi.report=");
    assertThat(steps)
        .anySatisfy(
            s -> assertThat(s.path("uses").asText()).startsWith("actions/upload-artifact@"));
    JsonNode last = steps.get(steps.size() - 1);
    assertThat(last.path("run").asText()).contains("exit 1");
    for (JsonNode step : steps) {
      String run = step.path("run").asText();
      // Expressions in scripts are injection points, and the token must not be echoed by one.
      assertThat(run).doesNotContain("${{");
      assertParses(run);
    }
  }

  @Test
  void gitlabTemplateTestsThenHealsAgainstTheBranchUnderTest() throws Exception {
    JsonNode template = yaml.readTree(CI.resolve("gitlab/kintsugi.gitlab-ci.yml").toFile());

    JsonNode job = template.path("kintsugi");
    assertThat(job.path("stage").asText()).isEqualTo("test");
    assertThat(job.path("image").asText()).startsWith("maven:");
    String script = String.join("\n", texts(job.path("script")));
    assertThat(script)
        .contains("mvn -B test")
        .contains("git checkout -q -B \"$CI_COMMIT_REF_NAME\"")
        .contains("-Dkintsugi.deliver=pr", "-Dkintsugi.forge=gitlab")
        .contains("-Dkintsugi.forgeRepo=\"$CI_PROJECT_PATH\"")
        .doesNotContain("KINTSUGI_FORGE_TOKEN");
    assertParses(script);
    assertThat(job.path("artifacts").path("when").asText()).isEqualTo("always");
    assertThat(texts(job.path("artifacts").path("paths"))).containsExactly("kintsugi-report.json");
    assertThat(template.path("variables").path("KINTSUGI_UNCONFINED").asText()).isEqualTo("false");
  }

  @Test
  void examplesSetOnlyPropertiesTheGoalHas() throws Exception {
    String descriptor =
        Files.readString(Path.of("target", "classes", "META-INF", "maven", "plugin.xml"));
    for (String file : List.of("github/action.yml", "gitlab/kintsugi.gitlab-ci.yml", "README.md")) {
      Matcher m = PROPERTY.matcher(Files.readString(CI.resolve(file)));
      List<String> unknown = new ArrayList<>();
      while (m.find()) {
        String name = m.group(1);
        if (!descriptor.contains("${kintsugi." + name + "}")) {
          unknown.add(name);
        }
      }
      assertThat(unknown).as(file).isEmpty();
    }
  }

  private static JsonNode step(List<JsonNode> steps, String id) {
    return steps.stream()
        .filter(s -> id.equals(s.path("id").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step with id " + id));
  }

  private static List<JsonNode> list(JsonNode array) {
    assertThat(array.isArray()).as(array.toString()).isTrue();
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<String> texts(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }

  /** {@code bash -n}: the script parses. */
  private static void assertParses(String script) throws IOException, InterruptedException {
    Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    bash.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(script + "\n" + out).isZero();
  }
}
