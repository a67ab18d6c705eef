package dev.kintsugi.example.shop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Boolean feature flags read from a file in flagd's flag-definition format ({@code {"flags":
 * {"new-pricing": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant":
 * "on"}}}}), re-read when the file changes, as flagd's file provider does. A flag that is missing,
 * disabled or unreadable is off. A real service would use OpenFeature's SDK with the flagd
 * provider; the sample keeps no dependencies.
 */
final class Flags {

  private static final Logger LOGGER = Logger.getLogger(Flags.class.getName());

  private final Path file;
  private FileTime readAt;
  private Map<?, ?> flags = Map.of();

  Flags(Path file) {
    this.file = file;
  }

  /** No file: every flag off. */
  static Flags none() {
    return new Flags(null);
  }

  /** Whether the flag's default variant is true. */
  synchronized boolean on(String key) {
    if (file == null) {
      return false;
    }
    refresh();
    if (!(flags.get(key) instanceof Map<?, ?> flag) || "DISABLED".equals(flag.get("state"))) {
      return false;
    }
    return flag.get("variants") instanceof Map<?, ?> variants
        && Boolean.TRUE.equals(variants.get(flag.get("defaultVariant")));
  }

  private void refresh() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (modified.equals(readAt)) {
        return;
      }
      Object json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      flags =
          json instanceof Map<?, ?> root && root.get("flags") instanceof Map<?, ?> all
              ? all
              : Map.of();
      readAt = modified;
    } catch (IOException | Json.MalformedJsonException e) {
      LOGGER.log(Level.WARNING, "cannot read the flags in " + file + "; all off", e);
      flags = Map.of();
      readAt = null;
    }
  }
}
