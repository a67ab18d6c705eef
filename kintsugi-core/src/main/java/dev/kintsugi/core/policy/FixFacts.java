package dev.kintsugi.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * What a policy decides a validated fix on.
 *
 * @param confidence the fix's confidence, in [0, 1]
 * @param environment where the error happened ({@code production}, {@code staging}, {@code ci},
 *     ...)
 * @param criticality how much the service matters ({@code critical}, {@code normal}, ...)
 * @param repairer who proposed the fix ({@code template:null-guard}, {@code llm:openai/...})
 * @param files the files the fix changes, repository-relative with {@code /}
 * @param changedLines lines the fix changes
 * @param fixesInLastHour fixes of this repository delivered in the hour before this one
 */
public record FixFacts(
    double confidence,
    String environment,
    String criticality,
    String repairer,
    List<String> files,
    int changedLines,
    int fixesInLastHour) {

  public FixFacts {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(repairer, "repairer");
    files = List.copyOf(files);
  }
}
