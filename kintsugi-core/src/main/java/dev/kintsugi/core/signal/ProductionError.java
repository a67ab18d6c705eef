package dev.kintsugi.core.signal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An error captured in a running service: the scrubbed Sentry event, reduced to what healing needs.
 *
 * @param eventId the Sentry event id
 * @param exceptions as Sentry orders chained exceptions: the root cause first, the outermost last
 * @param release the release the service ran (Kintsugi's agent sends the git commit), if known
 * @param environment e.g. {@code production}, if known
 */
public record ProductionError(
    String eventId,
    List<CapturedException> exceptions,
    Optional<String> release,
    Optional<String> environment) {

  public ProductionError {
    Objects.requireNonNull(eventId, "eventId");
    exceptions = List.copyOf(exceptions);
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(environment, "environment");
  }

  /** The exception that started it all (first of the chain), if the event had any. */
  public Optional<CapturedException> rootCause() {
    return exceptions.isEmpty() ? Optional.empty() : Optional.of(exceptions.get(0));
  }
}
