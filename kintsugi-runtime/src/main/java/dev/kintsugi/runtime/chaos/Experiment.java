package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A chaos experiment read by {@link Experiments}: checked in full, its configuration resolved. Run
 * it with {@link ChaosRunner}.
 */
public final class Experiment {

  private final String title;
  private final Optional<String> description;
  private final List<String> tags;
  private final Optional<Hypothesis> hypothesis;
  private final List<Activity> method;
  private final List<Activity> rollbacks;
  private final KintsugiExtension kintsugi;
  private final ExperimentSettings settings;
  private final JsonNode source;

  /** The steady-state hypothesis: its title and probes (each with a tolerance). */
  record Hypothesis(String title, List<Activity> probes) {}

  Experiment(
      String title,
      Optional<String> description,
      List<String> tags,
      Optional<Hypothesis> hypothesis,
      List<Activity> method,
      List<Activity> rollbacks,
      KintsugiExtension kintsugi,
      ExperimentSettings settings,
      JsonNode source) {
    this.title = title;
    this.description = description;
    this.tags = List.copyOf(tags);
    this.hypothesis = hypothesis;
    this.method = List.copyOf(method);
    this.rollbacks = List.copyOf(rollbacks);
    this.kintsugi = kintsugi;
    this.settings = settings;
    this.source = source.deepCopy();
  }

  public String title() {
    return title;
  }

  public Optional<String> description() {
    return description;
  }

  public List<String> tags() {
    return tags;
  }

  /** How many activities the method has. */
  public int methodSize() {
    return method.size();
  }

  /** How many rollbacks it has. */
  public int rollbacksSize() {
    return rollbacks.size();
  }

  Optional<Hypothesis> hypothesis() {
    return hypothesis;
  }

  List<Activity> method() {
    return method;
  }

  List<Activity> rollbacks() {
    return rollbacks;
  }

  KintsugiExtension kintsugi() {
    return kintsugi;
  }

  ExperimentSettings settings() {
    return settings;
  }

  /** The experiment as written (the journal's {@code experiment}, scrubbed there). */
  JsonNode source() {
    return source.deepCopy();
  }

  @Override
  public String toString() {
    return "Experiment[" + title + "]";
  }
}
