package dev.kintsugi.java.localize;

/**
 * Ochiai suspiciousness: {@code ef / sqrt(totalFailed * (ef + ep))}, where {@code ef}/{@code ep}
 * are the failing/passing tests that execute the element. It outperforms Tarantula and Jaccard in
 * the SBFL literature (Abreu et al. 2007) and is the usual baseline of repair tools.
 */
final class Ochiai {

  private Ochiai() {}

  static double score(int executedByFailing, int executedByPassing, int totalFailing) {
    if (executedByFailing == 0 || totalFailing == 0) {
      return 0.0;
    }
    return executedByFailing
        / Math.sqrt((double) totalFailing * (executedByFailing + executedByPassing));
  }
}
