package dev.kintsugi.runtime.action;

import java.util.Objects;
import java.util.Optional;

/**
 * What an action did.
 *
 * @param done whether the action took effect (a restart that started the process again, a 2xx)
 * @param detail what happened, one line, without secrets
 * @param undo how to take the action back, when it can be (a flag flipped back, a deployment scaled
 *     to its old size, a circuit closed); empty for a restart
 */
public record ActionOutcome(boolean done, String detail, Optional<RuntimeAction> undo) {

  public ActionOutcome {
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(undo, "undo");
  }

  public static ActionOutcome done(String detail) {
    return new ActionOutcome(true, detail, Optional.empty());
  }

  public static ActionOutcome done(String detail, RuntimeAction undo) {
    return new ActionOutcome(true, detail, Optional.of(undo));
  }

  public static ActionOutcome failed(String detail) {
    return new ActionOutcome(false, detail, Optional.empty());
  }
}
