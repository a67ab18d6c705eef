package dev.kintsugi.core.diagnose;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Ranked suspicious locations (most suspicious first) and a one-paragraph summary. */
public record Diagnosis(List<RankedLocation> locations, String summary) {

  public Diagnosis {
    locations = List.copyOf(locations);
    summary = summary == null ? "" : summary;
  }

  /** The distinct files holding ranked locations: the scope a candidate may touch. */
  public Set<String> files() {
    return locations.stream()
        .map(RankedLocation::file)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** The first {@code n} locations. */
  public List<RankedLocation> top(int n) {
    return locations.subList(0, Math.min(n, locations.size()));
  }
}
