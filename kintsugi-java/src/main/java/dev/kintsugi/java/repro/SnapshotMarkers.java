package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.ScrubMasks;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the agent's "not captured faithfully" markers in an argument snapshot: a value holding one
 * cannot be rebuilt, so its frame is not reproducible.
 */
final class SnapshotMarkers {

  static final String PREFIX = "<kintsugi:";
  static final String TRUNCATED = "<kintsugi:truncated>";
  static final String FILTERED = ScrubMasks.FILTERED;

  private static final int MAX_DEPTH = 64;

  private SnapshotMarkers() {}

  /** Why {@code value} is not faithful ("was truncated by the agent"), or empty when it is. */
  static Optional<String> find(Object value) {
    return find(value, 0);
  }

  private static Optional<String> find(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return Optional.of("is nested too deeply to rebuild");
    }
    if (value instanceof String text) {
      return describe(text);
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        Optional<String> found = find(element, depth + 1);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (String.valueOf(entry.getKey()).startsWith(PREFIX)) {
          return Optional.of("was truncated by the agent");
        }
        Optional<String> found = find(entry.getValue(), depth + 1);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> describe(String text) {
    if (text.indexOf('[') >= 0) {
      for (String mask : ScrubMasks.ALL) {
        if (text.contains(mask)) {
          return Optional.of("was scrubbed (" + mask + ")");
        }
      }
    }
    if (text.endsWith(TRUNCATED) || text.startsWith(TRUNCATED)) {
      return Optional.of("was truncated by the agent");
    }
    if (!text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    if (text.startsWith("<kintsugi:depth>")) {
      return Optional.of("was cut at the agent's capture depth");
    }
    if (text.startsWith("<kintsugi:cycle>")) {
      return Optional.of("holds a reference cycle");
    }
    if (text.startsWith("<kintsugi:unreadable>")) {
      return Optional.of("could not be read by the agent");
    }
    return Optional.of("was not captured faithfully");
  }
}
