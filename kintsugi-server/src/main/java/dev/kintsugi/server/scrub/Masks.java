package dev.kintsugi.server.scrub;

import dev.kintsugi.core.signal.ScrubMasks;

/**
 * Recognises the masks ({@link ScrubMasks}) that replace a secret found inside text: a typed mask,
 * as Relay's {@code :replace} rules write ({@code [creditcard]}), so a reader still sees what was
 * there; {@value Scrubber#FILTERED} for values of sensitive keys and for credentials after {@code
 * Bearer} or in URLs.
 */
final class Masks {
  private Masks() {}

  /** Whether {@code text[start, end)} is a mask already (so it is not masked again). */
  static boolean isMask(String text, int start, int end) {
    if (end - start < 5 || text.charAt(start) != '[') {
      return false;
    }
    for (String m : ScrubMasks.ALL) {
      if (m.length() == end - start && text.startsWith(m, start)) {
        return true;
      }
    }
    return false;
  }
}
