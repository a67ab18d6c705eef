package dev.kintsugi.heal.production;

import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.java.repro.CallableFrames;
import java.util.Optional;

/**
 * The frames a production reproduction test may call: methods of the project's own packages (the
 * event's {@code in_app} flag is the client's word and does not count) seen in at least the
 * configured number of the incident's events. One forged event cannot make the heal host call a
 * method of its choosing; it has to look like the errors the service really throws.
 */
final class SightedInAppFrames implements CallableFrames {

  private final IncidentHealRequest request;

  SightedInAppFrames(IncidentHealRequest request) {
    this.request = request;
  }

  @Override
  public Optional<String> refusal(CapturedFrame frame) {
    if (!inProjectPackages(frame.className())) {
      return Optional.of(
          request.inAppPackages().isEmpty()
              ? "the project declares no in-app packages, so no method may be called"
              : "not in the project's in-app packages " + request.inAppPackages());
    }
    int seen = request.sightings(frame.qualifiedMethod());
    if (seen < request.minFrameSightings()) {
      return Optional.of(
          "seen in "
              + seen
              + " event(s); a reproduction may call only methods seen in at least "
              + request.minFrameSightings());
    }
    return Optional.empty();
  }

  private boolean inProjectPackages(String className) {
    for (String prefix : request.inAppPackages()) {
      String pkg = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
      if (!pkg.isEmpty() && className.startsWith(pkg + ".")) {
        return true;
      }
    }
    return false;
  }
}
