package dev.kintsugi.llm;

import java.util.List;

/**
 * Finds the lines an edit quotes in a file, tolerantly: exact lines first, then lines equal without
 * surrounding whitespace, nearest to where the edit claims they are.
 */
final class LineSearch {

  private LineSearch() {}

  /**
   * Where {@code needle} occurs in {@code haystack}, nearest to {@code preferred}: exact lines
   * first, then lines equal without surrounding whitespace; -1 when neither.
   */
  static int find(List<String> haystack, List<String> needle, int preferred) {
    int exact = nearest(haystack, needle, preferred, false);
    return exact >= 0 ? exact : nearest(haystack, needle, preferred, true);
  }

  private static int nearest(
      List<String> haystack, List<String> needle, int preferred, boolean loose) {
    int best = -1;
    int bestDistance = Integer.MAX_VALUE;
    for (int i = 0; i + needle.size() <= haystack.size(); i++) {
      if (matchesAt(haystack, needle, i, loose)) {
        int distance = Math.abs(i - preferred);
        if (distance < bestDistance) {
          best = i;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  private static boolean matchesAt(List<String> hay, List<String> needle, int at, boolean loose) {
    for (int k = 0; k < needle.size(); k++) {
      String a = hay.get(at + k);
      String b = needle.get(k);
      if (loose ? !normal(a).equals(normal(b)) : !a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  /** A line as the loose comparison sees it: stripped, each run of whitespace one space. */
  static String normal(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
