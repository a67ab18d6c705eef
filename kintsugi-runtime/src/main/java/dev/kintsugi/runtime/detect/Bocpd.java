package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * Bayesian online changepoint detection (Adams & MacKay 2007): a posterior over the run length
 * (points since the last changepoint) under a constant hazard, with Gaussian segments of unknown
 * mean and variance (Normal-Gamma conjugate prior, Student-t predictive). The score is the
 * posterior mass of a changepoint within the last {@value #RECENT_RUN} points, the current one
 * included.
 *
 * <p>In this formulation a new run starts <em>with</em> the current point, so its mass compares the
 * prior predictive of the point with each running segment's predictive: an outlier or a step scores
 * at once. The prior is centred on the median of the recent points with their robust scale. The
 * run-length distribution is truncated at {@value #MAX_RUN} (the longest run keeps the last {@value
 * #MAX_RUN} points' statistics and absorbs the mass beyond), so memory and time per point are
 * bounded.
 */
final class Bocpd implements Detector {
  static final String NAME = "bocpd";
  static final double HAZARD = 1.0 / 250;
  static final int MAX_RUN = 200;
  static final int RECENT_RUN = 5;
  static final double KAPPA0 = 0.05;
  static final double ALPHA0 = 2;
  static final int WARM_UP = 16;

  /** lgamma(α + ½) − lgamma(α) for a run of n points, α = α0 + n/2. */
  private static final double[] LOG_GAMMA_RATIO = new double[MAX_RUN + 2];

  static {
    for (int n = 0; n < LOG_GAMMA_RATIO.length; n++) {
      double alpha = ALPHA0 + n / 2.0;
      LOG_GAMMA_RATIO[n] = logGamma(alpha + 0.5) - logGamma(alpha);
    }
  }

  private final StreamOrder order = new StreamOrder();
  private final RobustWindow recent = new RobustWindow(SeasonalBaseline.RECENT);
  // Run slot j holds a run of j + 1 points: log posterior mass and Normal-Gamma statistics.
  private double[] logMass = new double[MAX_RUN + 1];
  private double[] mu = new double[MAX_RUN + 1];
  private double[] kappa = new double[MAX_RUN + 1];
  private double[] beta = new double[MAX_RUN + 1];
  private double[] nextLogMass = new double[MAX_RUN + 1];
  private double[] nextMu = new double[MAX_RUN + 1];
  private double[] nextKappa = new double[MAX_RUN + 1];
  private double[] nextBeta = new double[MAX_RUN + 1];
  private int runs;
  private long seen;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(Instant at, double value) {
    order.accept(at, value);
    double mu0 = recent.isEmpty() ? value : recent.median();
    double scale = recent.scale(SeasonalBaseline.floor(mu0));
    double beta0 = ALPHA0 * scale * scale;
    recent.add(value);

    // A new run starting with this point: prior predictive × hazard (old mass sums to 1).
    nextLogMass[0] = Math.log(HAZARD) + logPredictive(value, mu0, KAPPA0, beta0, 0);
    setUpdated(0, mu0, KAPPA0, beta0, value);
    int next = 1;
    double grow = Math.log1p(-HAZARD);
    for (int j = 0; j < runs; j++) {
      double lp = logMass[j] + grow + logPredictive(value, mu[j], kappa[j], beta[j], j + 1);
      if (next <= MAX_RUN - 1) {
        nextLogMass[next] = lp;
        setUpdated(next, mu[j], kappa[j], beta[j], value);
        next++;
      } else {
        // Truncation: the longest slot keeps the last MAX_RUN points' statistics, takes the mass.
        nextLogMass[next - 1] = logAdd(nextLogMass[next - 1], lp);
      }
    }
    double norm = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < next; j++) {
      norm = logAdd(norm, nextLogMass[j]);
    }
    // The score is 1 − (mass of the longer runs), from its logarithm: a sum of the recent masses
    // would round to exactly 1.0 for every clear changepoint and tie them.
    double logOlderMass = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < next; j++) {
      nextLogMass[j] -= norm;
      if (j >= RECENT_RUN) {
        logOlderMass = logAdd(logOlderMass, nextLogMass[j]);
      }
    }
    swap();
    runs = next;
    seen++;
    return seen > WARM_UP ? Scores.ofLogTail(Math.min(logOlderMass, 0)) : 0;
  }

  private void setUpdated(int slot, double m, double k, double b, double x) {
    nextMu[slot] = (k * m + x) / (k + 1);
    nextKappa[slot] = k + 1;
    nextBeta[slot] = b + k * (x - m) * (x - m) / (2 * (k + 1));
  }

  /** Student-t log density of x under Normal-Gamma(m, k, α0 + n/2, b). */
  private static double logPredictive(double x, double m, double k, double b, int n) {
    double alpha = ALPHA0 + n / 2.0;
    double nu = 2 * alpha;
    double scale2 = b * (k + 1) / (alpha * k);
    double d = x - m;
    return LOG_GAMMA_RATIO[Math.min(n, LOG_GAMMA_RATIO.length - 1)]
        - 0.5 * Math.log(nu * Math.PI * scale2)
        - (nu + 1) / 2 * Math.log1p(d * d / (nu * scale2));
  }

  private void swap() {
    double[] t = logMass;
    logMass = nextLogMass;
    nextLogMass = t;
    t = mu;
    mu = nextMu;
    nextMu = t;
    t = kappa;
    kappa = nextKappa;
    nextKappa = t;
    t = beta;
    beta = nextBeta;
    nextBeta = t;
  }

  private static double logAdd(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    double max = Math.max(a, b);
    return max + Math.log1p(Math.exp(-Math.abs(a - b)));
  }

  /** Lanczos approximation (g = 7, 9 terms), accurate to about 1e-13 for x > 0.5. */
  static double logGamma(double x) {
    double[] c = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    double y = x - 1;
    double a = c[0];
    double t = y + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (y + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
