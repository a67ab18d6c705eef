package dev.kintsugi.runtime.diagnose;

import java.util.Optional;
import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * A Granger-style test: does adding {@code x}'s past values to an autoregressive model of {@code y}
 * reduce its residual variance more than chance would? The restricted model regresses {@code y[t]}
 * on its own {@code p} lags, the unrestricted one also on {@code x}'s {@code p} lags (both with an
 * intercept); F = ((RSS_r − RSS_u) / p) / (RSS_u / (n − 2p − 1)), and its p-value from the F(p, n −
 * 2p − 1) distribution. The lag order is the one in 1..{@code maxLags} whose unrestricted model has
 * the lowest BIC (as a VAR's order is chosen), every order fitted on the same points (those after
 * the first {@code maxLags}); choosing it after seeing x raises the false-alarm rate a little above
 * the level (5.9% at 5% on AR(1) series of 120 points, 2,000 trials).
 */
final class Granger {
  /** Fewer residual degrees of freedom than this and the test says nothing. */
  static final int MIN_DF = 10;

  private Granger() {}

  record Result(double f, double p, int lag) {}

  /** The test of {@code x} → {@code y} (equal length, aligned in time); empty when undecidable. */
  static Optional<Result> test(double[] y, double[] x, int maxLags) {
    int lags = Math.min(maxLags, (y.length - MIN_DF - 1) / 3);
    if (lags < 1) {
      return Optional.empty();
    }
    int n = y.length - lags;
    int best = 0;
    double bestBic = Double.POSITIVE_INFINITY;
    double bestUnrestricted = 0;
    for (int p = 1; p <= lags; p++) {
      double rss;
      try {
        rss = rss(y, x, p, lags, true);
      } catch (SingularMatrixException e) {
        continue; // a flat series, or one that repeats the other: no information at this order
      }
      double bic = n * Math.log(Math.max(rss, 1e-300) / n) + (2 * p + 1) * Math.log(n);
      if (bic < bestBic) {
        bestBic = bic;
        best = p;
        bestUnrestricted = rss;
      }
    }
    if (best == 0) {
      return Optional.empty();
    }
    double unrestricted = bestUnrestricted;
    double restricted;
    try {
      restricted = rss(y, x, best, lags, false);
    } catch (SingularMatrixException e) {
      return Optional.empty(); // y is flat
    }
    if (!(restricted > 1e-12) || !(unrestricted > 1e-12 * restricted)) {
      return Optional.empty(); // y is flat, or x fits it exactly: not a statistical question
    }
    int df = n - 2 * best - 1;
    double f = Math.max(0, ((restricted - unrestricted) / best) / (unrestricted / df));
    double p = 1 - new FDistribution(null, best, df).cumulativeProbability(f);
    return Optional.of(new Result(f, p, best));
  }

  /**
   * The residual sum of squares of y[t] for t ≥ {@code start} on its {@code lags} lags (and x's
   * when {@code withX}), with an intercept.
   */
  private static double rss(double[] y, double[] x, int lags, int start, boolean withX) {
    int n = y.length - start;
    double[] target = new double[n];
    double[][] regressors = new double[n][withX ? 2 * lags : lags];
    for (int t = start; t < y.length; t++) {
      target[t - start] = y[t];
      for (int k = 1; k <= lags; k++) {
        regressors[t - start][k - 1] = y[t - k];
        if (withX) {
          regressors[t - start][lags + k - 1] = x[t - k];
        }
      }
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(target, regressors);
    return ols.calculateResidualSumOfSquares();
  }
}
