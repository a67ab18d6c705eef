package dev.kintsugi.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a YAML configuration file into a tree for {@link ConfigNode}: a size cap, and errors as
 * {@link RuntimeConfigException}s (the file, or {@code (file)} with the line and column of bad
 * YAML).
 */
public final class ConfigFiles {

  // YAML 1.1 reads an unquoted on/off/yes/no as a boolean; a flag's variant named "off" must stay
  // the word it is.
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
              .build());

  private ConfigFiles() {}

  /** The file's text, if it is at most {@code maxBytes} long and readable. */
  public static String text(Path file, int maxBytes) throws RuntimeConfigException {
    try {
      if (Files.size(file) > maxBytes) {
        throw new RuntimeConfigException(file.toString(), "larger than " + maxBytes + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuntimeConfigException(file.toString(), "cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The YAML text's root: never null nor missing (an empty text is an error). */
  public static JsonNode yaml(String text) throws RuntimeConfigException {
    return tree(YAML, text, "YAML");
  }

  /**
   * The tree of a configuration file's text read by {@code mapper} ({@code format}: YAML, JSON); an
   * error (field {@code (file)}) says where the text is not valid, or that it is empty.
   */
  public static JsonNode tree(ObjectMapper mapper, String text, String format)
      throws RuntimeConfigException {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new RuntimeConfigException(
          "(file)", "is not valid " + format + where + ": " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new RuntimeConfigException("(file)", "is empty");
    }
    return root;
  }
}
