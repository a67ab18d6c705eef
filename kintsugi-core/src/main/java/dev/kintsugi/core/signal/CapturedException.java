package dev.kintsugi.core.signal;

import java.util.List;
import java.util.Objects;

/**
 * One exception of a captured error (a Sentry {@code exception.values[]} entry).
 *
 * @param type fully qualified exception class name
 * @param message the exception message (untrusted, possibly scrubbed), or empty
 * @param frames as Sentry orders them: the outermost call first, the throw site last
 */
public record CapturedException(String type, String message, List<CapturedFrame> frames) {

  public CapturedException {
    Objects.requireNonNull(type, "type");
    message = message == null ? "" : message;
    frames = List.copyOf(frames);
  }

  /** The in-app frame nearest the throw site, if any. */
  public java.util.Optional<CapturedFrame> throwSiteInApp() {
    for (int i = frames.size() - 1; i >= 0; i--) {
      if (frames.get(i).inApp()) {
        return java.util.Optional.of(frames.get(i));
      }
    }
    return java.util.Optional.empty();
  }
}
