package dev.kintsugi.server.ingest;

import java.util.Map;
import java.util.Set;

/**
 * How far an event is normalised at ingest, as Sentry's Relay trims events: nesting, string lengths
 * and collection sizes, so that what is stored can always be read back and served (an event nested
 * 1000 levels deep once made {@code GET /incidents/{id}} fail on Jackson's write depth limit).
 *
 * @param maxDepth containers nested deeper than this anywhere in the event become {@link
 *     Normaliser#DEPTH_MARK}
 * @param maxFreeFormDepth the same, counted from the root of a free-form value ({@link #FREE_FORM}:
 *     {@code extra}, frame {@code vars}, ...), whose root is level 1
 * @param maxItems entries kept per map or list inside free-form values; more are dropped and marked
 *     {@link Normaliser#TRUNCATED_MARK}
 * @param maxChars characters kept per string (longer ones end in {@code "..."})
 * @param maxKeyChars characters kept per object key
 * @param maxBreadcrumbs the most recent breadcrumbs kept
 * @param maxFrames frames kept per stack trace: the outermost and innermost halves, the middle
 *     dropped and recorded as {@code frames_omitted: [start, end]} as Sentry does
 * @param fieldChars shorter caps for strings of named fields outside free-form values ({@code
 *     culprit}, {@code logger}, frame {@code function}, ...), and for all strings inside {@code
 *     tags}
 */
public record EventCaps(
    int maxDepth,
    int maxFreeFormDepth,
    int maxItems,
    int maxChars,
    int maxKeyChars,
    int maxBreadcrumbs,
    int maxFrames,
    Map<String, Integer> fieldChars) {

  /** Keys whose values are free-form maps and lists (not Sentry's own structure). */
  static final Set<String> FREE_FORM =
      Set.of("extra", "contexts", "vars", "data", "tags", "user", "request", "modules", "other");

  public EventCaps {
    if (maxDepth < 2
        || maxFreeFormDepth < 1
        || maxItems < 1
        || maxChars < 8
        || maxKeyChars < 8
        || maxBreadcrumbs < 0
        || maxFrames < 2) {
      throw new IllegalArgumentException("event caps out of range");
    }
    fieldChars = Map.copyOf(fieldChars);
  }

  /**
   * Relay's figures where it has one: 8192 characters for messages and most strings, 200 for
   * culprit, transaction, release and tag values, 64 for logger, environment and dist, 256 for
   * symbols and paths; 100 breadcrumbs; 250 frames; free-form data 10 levels deep and 100 items per
   * map or list (as the Kintsugi agent caps its captured arguments).
   */
  public static EventCaps sentry() {
    return new EventCaps(
        20,
        10,
        100,
        8192,
        256,
        100,
        250,
        Map.ofEntries(
            Map.entry("tags", 200),
            Map.entry("culprit", 200),
            Map.entry("transaction", 200),
            Map.entry("release", 200),
            Map.entry("logger", 64),
            Map.entry("environment", 64),
            Map.entry("dist", 64),
            Map.entry("level", 32),
            Map.entry("platform", 64),
            Map.entry("server_name", 256),
            Map.entry("function", 256),
            Map.entry("module", 256),
            Map.entry("filename", 256),
            Map.entry("abs_path", 256),
            Map.entry("package", 256)));
  }

  /** The cap for a string under {@code key} outside free-form values. */
  int charsOf(String key) {
    Integer cap = key == null ? null : fieldChars.get(key);
    return cap == null ? maxChars : cap;
  }
}
