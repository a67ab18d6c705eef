package dev.kintsugi.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code deploy/} files, read as YAML. Through SnakeYAML (Jackson YAML's own
 * parser) rather than Jackson's tree reader: that one keeps Compose's merge keys ({@code <<:
 * *anchor}) as plain fields, SnakeYAML resolves them as Compose does.
 */
final class DeployFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  /** {@code deploy/} of the repository the tests run in (Surefire starts in the module). */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
        return dir.resolve("deploy");
      }
    }
    throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
  }

  /** The repository's root. */
  static Path repository() {
    return root().getParent();
  }

  /** Every YAML document of a file, as a tree (a multi-document file gives several). */
  static List<JsonNode> documents(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      return documents(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every YAML document of a text (a patch embedded in a kustomization). */
  static List<JsonNode> documents(String text) {
    return documents(new StringReader(text));
  }

  private static List<JsonNode> documents(Reader reader) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonNode> documents = new ArrayList<>();
    for (Object document : yaml.loadAll(reader)) {
      if (document != null) {
        documents.add(JSON.valueToTree(document));
      }
    }
    return documents;
  }

  /** The files under {@code dir} whose names end in {@code .yaml} or {@code .yml}. */
  static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
