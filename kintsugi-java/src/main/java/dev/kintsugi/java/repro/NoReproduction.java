package dev.kintsugi.java.repro;

import java.util.List;

/**
 * No reproduction test could be built; the honest fallback.
 *
 * @param reasons one line per frame tried, deepest first, e.g. {@code frame com.acme.Cart.total:
 *     argument items was truncated by the agent}; or a single line when no frame could be tried
 */
public record NoReproduction(List<String> reasons) implements ReproductionResult {

  public NoReproduction {
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a failed reproduction needs a reason");
    }
  }
}
