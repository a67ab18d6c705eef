package dev.kintsugi.core.incident;

import dev.kintsugi.core.signal.ProductionError;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the server hands to an {@link IncidentHealer}. Everything taken from events is untrusted:
 * the healer builds only commits reachable from {@code trustedRefs} and lets a reproduction test
 * call only methods of {@code inAppPackages} that {@code frameSightings} shows in at least {@code
 * minFrameSightings} events.
 *
 * @param incidentId the incident being healed
 * @param title the incident's title (untrusted, scrubbed)
 * @param repository the project's repository: a local path or a git URL
 * @param inAppPackages the project's own package prefixes
 * @param error the latest event of the incident
 * @param trustedRefs branch or tag names (a trailing {@code *} matches any suffix) whose history an
 *     event's release may name; empty: the repository's default branch only
 * @param frameSightings for each frame method ({@code com.acme.Cart.total}), in how many of the
 *     incident's events it was seen
 * @param minFrameSightings how many events a frame must be seen in before a reproduction test may
 *     call its method
 * @param delivery how the fix is delivered (a branch unless the project asks for pull requests)
 */
public record IncidentHealRequest(
    long incidentId,
    String title,
    String repository,
    List<String> inAppPackages,
    ProductionError error,
    List<String> trustedRefs,
    Map<String, Integer> frameSightings,
    int minFrameSightings,
    DeliveryRequest delivery) {

  /** Default for {@link #minFrameSightings}. */
  public static final int DEFAULT_MIN_FRAME_SIGHTINGS = 2;

  public IncidentHealRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(repository, "repository");
    inAppPackages = List.copyOf(inAppPackages);
    Objects.requireNonNull(error, "error");
    trustedRefs = List.copyOf(trustedRefs);
    frameSightings = Map.copyOf(frameSightings);
    if (minFrameSightings < 1) {
      throw new IllegalArgumentException(
          "minFrameSightings must be >= 1, was " + minFrameSightings);
    }
    Objects.requireNonNull(delivery, "delivery");
  }

  /** A request whose fix is delivered as a branch ({@link DeliveryRequest#BRANCH}). */
  public IncidentHealRequest(
      long incidentId,
      String title,
      String repository,
      List<String> inAppPackages,
      ProductionError error,
      List<String> trustedRefs,
      Map<String, Integer> frameSightings,
      int minFrameSightings) {
    this(
        incidentId,
        title,
        repository,
        inAppPackages,
        error,
        trustedRefs,
        frameSightings,
        minFrameSightings,
        DeliveryRequest.BRANCH);
  }

  /** The same request, delivered as {@code how}. */
  public IncidentHealRequest withDelivery(DeliveryRequest how) {
    return new IncidentHealRequest(
        incidentId,
        title,
        repository,
        inAppPackages,
        error,
        trustedRefs,
        frameSightings,
        minFrameSightings,
        how);
  }

  /** How many events {@code qualifiedMethod} was seen in (0 when never). */
  public int sightings(String qualifiedMethod) {
    return frameSightings.getOrDefault(qualifiedMethod, 0);
  }
}
