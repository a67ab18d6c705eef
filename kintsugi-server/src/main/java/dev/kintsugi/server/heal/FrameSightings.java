package dev.kintsugi.server.heal;

import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import dev.kintsugi.server.store.StoredEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In how many of an incident's events each frame's method appears: a reproduction test may call
 * only methods seen in several events ({@code HealPolicy.minFrameEvents}), so one forged event
 * cannot choose what the heal host runs. Counts distinct events, not frames (recursion repeats a
 * frame within one event). Unreadable events count for nothing.
 */
final class FrameSightings {

  private final EventErrors errors;

  FrameSightings(EventErrors errors) {
    this.errors = errors;
  }

  Map<String, Integer> count(List<StoredEvent> events, List<String> inAppPrefixes) {
    Map<String, Integer> seen = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (StoredEvent event : events) {
      if (!ids.add(event.eventId())) {
        continue; // a client's retry of one event is one sighting
      }
      ProductionError error;
      try {
        error = errors.read(event.payload(), inAppPrefixes);
      } catch (IOException e) {
        continue;
      }
      Set<String> methods = new HashSet<>();
      for (CapturedException exception : error.exceptions()) {
        for (CapturedFrame frame : exception.frames()) {
          methods.add(frame.qualifiedMethod());
        }
      }
      methods.forEach(m -> seen.merge(m, 1, Integer::sum));
    }
    return seen;
  }
}
