package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.CapturedFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A frame located in source: the callable to invoke and the captured values to invoke it with.
 *
 * @param frame the production frame
 * @param owner the declaring class
 * @param callable the method or constructor
 * @param arguments captured values aligned with {@code callable.parameters()} (nulls allowed)
 * @param receiver the {@code "this"} snapshot, when one was captured (may hold {@code null})
 * @param notes how values were matched, for the result's notes
 */
record CallSite(
    CapturedFrame frame,
    SourceType owner,
    Callable callable,
    List<Object> arguments,
    Optional<Receiver> receiver,
    List<String> notes) {

  CallSite {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(callable, "callable");
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    if (arguments.size() != callable.parameters().size()) {
      throw new IllegalArgumentException("arguments do not match the parameters");
    }
    Objects.requireNonNull(receiver, "receiver");
    notes = List.copyOf(notes);
  }

  /** The receiver snapshot; a record so that a captured {@code null} is still "present". */
  record Receiver(Object value) {}
}
