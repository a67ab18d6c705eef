package dev.kintsugi.java.repro;

import dev.kintsugi.core.signal.CapturedFrame;
import java.util.Optional;

/**
 * Which captured frames a generated test may call. Event data is untrusted: without this gate, a
 * client holding the project's DSN key could name any project method in a frame and have the heal
 * host call it with values of its choosing. Production heals allow only methods of the project's
 * own packages that were seen in several events.
 */
@FunctionalInterface
public interface CallableFrames {

  /** Every in-app frame may be called (tests, and heals from trusted local traces). */
  CallableFrames ANY = frame -> Optional.empty();

  /** Why {@code frame}'s method may not be called, or empty when it may. */
  Optional<String> refusal(CapturedFrame frame);
}
