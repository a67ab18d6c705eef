package dev.kintsugi.runtime.detect;

import java.util.List;
import java.util.Locale;

/**
 * Creates the streaming detectors by name. Every detector is for one series, fed in time order,
 * with bounded memory; none is thread-safe (one instance per series, fed from one thread at a
 * time). Stability: the names and the score semantics are part of the {@code kintsugi detect}
 * contract; the tuning constants are not.
 *
 * <ul>
 *   <li>{@code seasonal}: median/MAD per hour of the week (robust seasonal baseline), or per phase
 *       of a period found in the points (a sawtooth) when that fits better;
 *   <li>{@code holt-winters}: level, trend and daily season, error over a robust deviation (or the
 *       period model, as for {@code seasonal}, when that fits better);
 *   <li>{@code bocpd}: Bayesian online changepoint detection (Adams &amp; MacKay 2007);
 *   <li>{@code iforest}: Isolation Forest over windowed features, regrown periodically;
 *   <li>{@code ensemble} (default): all four and the period model on its own, calibrated to tail
 *       probabilities and combined so that a score ≥ 1 − a is a false alarm on at most about a
 *       share a of normal points.
 * </ul>
 */
public final class Detectors {
  /** The detector {@code kintsugi detect} uses without {@code --detector}. */
  public static final String DEFAULT = Ensemble.NAME;

  private static final List<String> NAMES =
      List.of(
          SeasonalBaseline.NAME, HoltWinters.NAME, Bocpd.NAME, ForestDetector.NAME, Ensemble.NAME);

  private Detectors() {}

  /** The names {@link #create(String)} takes, the default last. */
  public static List<String> names() {
    return NAMES;
  }

  /** A new instance of the default detector (the ensemble). */
  public static Detector create() {
    return create(DEFAULT);
  }

  /**
   * A new detector for one series.
   *
   * @throws IllegalArgumentException naming the known detectors if {@code name} is not one
   */
  public static Detector create(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case SeasonalBaseline.NAME -> new SeasonalBaseline();
      case HoltWinters.NAME -> new HoltWinters();
      case Bocpd.NAME -> new Bocpd();
      case ForestDetector.NAME -> new ForestDetector();
      case Ensemble.NAME ->
          new Ensemble(
              List.of(
                  new Ensemble.Member(new SeasonalBaseline(), SeasonalBaseline.WARM_UP),
                  new Ensemble.Member(new PeriodicBaseline(), PeriodicBaseline.WARM_UP),
                  new Ensemble.Member(new HoltWinters(), HoltWinters.WARM_UP),
                  new Ensemble.Member(new Bocpd(), Bocpd.WARM_UP + 1),
                  new Ensemble.Member(new ForestDetector(), ForestWindow.MIN_TRAINING)));
      default ->
          throw new IllegalArgumentException(
              "unknown detector '" + name + "': use one of " + String.join(", ", NAMES));
    };
  }

  /**
   * A new Isolation Forest over several series sampled together, one vector of {@code dimensions}
   * values per tick.
   */
  public static MultiSeriesDetector multiSeries(int dimensions) {
    return new MultiSeriesForest(dimensions);
  }
}
