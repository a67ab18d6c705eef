package dev.kintsugi.runtime.detect;

/** Maps detector statistics to scores in [0, 1]. */
final class Scores {
  private Scores() {}

  /** Below this tail probability, scores follow {@link #ofLogTail}'s slow continuation. */
  static final double TAIL_CUT = 1e-9;

  private static final double LOG_TAIL_CUT = Math.log(TAIL_CUT);

  /**
   * The two-sided Gaussian confidence of a z-score, 1 − P(|Z| ≥ |z|): 0 at z = 0, 0.9973 at |z| =
   * 3. Under normal noise, the score is uniform, so P(score ≥ 0.99) = 1%. Strictly increasing in
   * |z| up to |z| in the millions (see {@link #ofLogTail}), so it never ties at 1.
   */
  static double twoSided(double z) {
    if (Double.isNaN(z)) {
      return 0;
    }
    return ofLogTail(logErfc(Math.abs(z) / Math.sqrt(2)));
  }

  /**
   * The score of a tail probability given by its logarithm: 1 − p while p ≥ {@value #TAIL_CUT},
   * then 1 − cut / (1 + ln(ln p / ln cut)). The plain 1 − p rounds to exactly 1.0 once p falls
   * below about 1e-16 (|z| ≈ 8.3), so a far outlier and a merely large deviation would tie; the
   * continuation keeps them in order (it moves by a distinguishable amount for every factor of 10
   * in p down to p = 10^-10^300) and is continuous at the cut.
   */
  static double ofLogTail(double logP) {
    if (Double.isNaN(logP) || logP >= 0) {
      return 0;
    }
    if (logP >= LOG_TAIL_CUT) {
      return -Math.expm1(logP);
    }
    if (logP == Double.NEGATIVE_INFINITY) {
      return 1;
    }
    return 1 - TAIL_CUT / (1 + Math.log(logP / LOG_TAIL_CUT));
  }

  /** ln erfc(x) for x ≥ 0, without underflow for large x. */
  static double logErfc(double x) {
    double t = 1 / (1 + 0.5 * x);
    return Math.log(t) - x * x + erfcPolynomial(t);
  }

  /** The complementary error function (Chebyshev fit, relative error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z + erfcPolynomial(t));
    return x >= 0 ? r : 2 - r;
  }

  private static double erfcPolynomial(double t) {
    return -1.26551223
        + t
            * (1.00002368
                + t
                    * (0.37409196
                        + t
                            * (0.09678418
                                + t
                                    * (-0.18628806
                                        + t
                                            * (0.27886807
                                                + t
                                                    * (-1.13520398
                                                        + t
                                                            * (1.48851587
                                                                + t
                                                                    * (-0.82215223
                                                                        + t * 0.17087277))))))));
  }
}
