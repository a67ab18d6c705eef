package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a chaos experiment's run found, as Chaos Toolkit's journal ({@code experiment}, {@code
 * start}, {@code end}, {@code duration}, {@code status}, {@code deviated}, {@code steady_states}
 * {before, after, during}, {@code run}, {@code rollbacks}) with {@code kintsugi-version} in place
 * of {@code chaoslib-version} and a {@code kintsugi} object: {@code time_to_detect_s}, {@code
 * time_to_recover_s}, {@code hypothesis_held}, {@code runbook_runs}. Secrets are scrubbed from it.
 */
public final class Journal {

  /** The experiment ran to its end (it may still have deviated). */
  public static final String COMPLETED = "completed";

  /** The steady state did not hold before the method, or deviated after it. */
  public static final String FAILED = "failed";

  /** The run was interrupted (rollbacks still ran). */
  public static final String INTERRUPTED = "interrupted";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode json;
  private final String status;
  private final boolean deviated;
  private final Optional<Duration> timeToDetect;
  private final Optional<Duration> timeToRecover;
  private final Optional<Boolean> hypothesisHeld;

  Journal(
      ObjectNode json,
      String status,
      boolean deviated,
      Optional<Duration> timeToDetect,
      Optional<Duration> timeToRecover,
      Optional<Boolean> hypothesisHeld) {
    this.json = json;
    this.status = status;
    this.deviated = deviated;
    this.timeToDetect = timeToDetect;
    this.timeToRecover = timeToRecover;
    this.hypothesisHeld = hypothesisHeld;
  }

  /** {@link #COMPLETED}, {@link #FAILED} or {@link #INTERRUPTED}. */
  public String status() {
    return status;
  }

  /** Whether the steady state did not hold after the method (a weakness found). */
  public boolean deviated() {
    return deviated;
  }

  /** The fault's injection → the first runbook run's detection (from the Kintsugi server). */
  public Optional<Duration> timeToDetect() {
    return timeToDetect;
  }

  /** The fault's injection → the steady state held again. */
  public Optional<Duration> timeToRecover() {
    return timeToRecover;
  }

  /** Whether the hypothesis held before and after the method; empty without a hypothesis. */
  public Optional<Boolean> hypothesisHeld() {
    return hypothesisHeld;
  }

  /** 0 when the experiment completed without deviating, else 1 (as {@code chaos run}). */
  public int exitCode() {
    return COMPLETED.equals(status) && !deviated ? 0 : 1;
  }

  /** The journal as JSON (a copy). */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** Writes the journal, indented, to {@code file} (its directory is created). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file,
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
        StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Journal[" + status + (deviated ? ", deviated" : "") + "]";
  }
}
