package dev.kintsugi.core.incident;

import dev.kintsugi.core.signal.ProductionError;
import java.util.List;
import java.util.Objects;

/**
 * What the server hands to an {@link IncidentHealer}.
 *
 * @param incidentId the incident being healed
 * @param title the incident's title (untrusted)
 * @param repository the project's repository: a local path or a git URL
 * @param inAppPackages the project's own package prefixes
 * @param error the latest event of the incident
 */
public record IncidentHealRequest(
    long incidentId,
    String title,
    String repository,
    List<String> inAppPackages,
    ProductionError error) {

  public IncidentHealRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(repository, "repository");
    inAppPackages = List.copyOf(inAppPackages);
    Objects.requireNonNull(error, "error");
  }
}
