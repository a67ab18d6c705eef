package dev.kintsugi.runtime.detect;

/** Maps detector statistics to scores in [0, 1]. */
final class Scores {
  private Scores() {}

  /**
   * The two-sided Gaussian confidence of a z-score, erf(|z|/√2): 0 at z = 0, 0.9973 at |z| = 3.
   * Under normal noise, the score is uniform, so P(score ≥ 0.99) = 1%.
   */
  static double twoSided(double z) {
    if (Double.isNaN(z)) {
      return 0;
    }
    return 1 - erfc(Math.abs(z) / Math.sqrt(2));
  }

  /** The complementary error function (Chebyshev fit, relative error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
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
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  static double clamp01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
