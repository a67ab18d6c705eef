package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stage of a heal run as the healer reported it, stored by {@link HealRunStore#addStep}.
 *
 * @param seq the step's place in its run, from 1
 * @param at when the stage began
 */
public record HealStep(long runId, int seq, String stage, String message, Instant at) {

  public HealStep {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }
}
