package dev.kintsugi.runtime.action;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Actions#parse} needs beyond a runbook's text: the configuration's trust decisions and
 * the parts actions call.
 *
 * @param allowedCommands the programs the {@code command} action may run: absolute paths or names
 *     looked up on {@code env}'s PATH when an action is parsed
 * @param kubernetes makes the clients of the {@code kubernetes.*} actions
 * @param circuits the agent's kill switches, for the {@code circuit} action
 * @param defaultProject the project a {@code circuit} action acts on when it names none (the
 *     runbook's project)
 * @param env the environment actions see: PATH for finding programs, {@code ${NAME}} references in
 *     HTTP headers, the base of a started process's environment ({@code System.getenv()} in
 *     production)
 * @param clock the time, for deadlines and timestamps
 */
public record ActionSettings(
    List<String> allowedCommands,
    KubernetesClients kubernetes,
    Circuits circuits,
    String defaultProject,
    Map<String, String> env,
    Clock clock) {

  public ActionSettings {
    allowedCommands = List.copyOf(allowedCommands);
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(circuits, "circuits");
    Objects.requireNonNull(defaultProject, "defaultProject");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * Settings for production: the process's environment, the system clock, clients from the usual
   * kubeconfig.
   */
  public static ActionSettings of(
      List<String> allowedCommands, Circuits circuits, String defaultProject) {
    return new ActionSettings(
        allowedCommands,
        KubernetesClients.fromKubeconfig(),
        circuits,
        defaultProject,
        System.getenv(),
        Clock.systemUTC());
  }

  /** The same settings for another project (each runbook acts on its own). */
  public ActionSettings withDefaultProject(String project) {
    return new ActionSettings(allowedCommands, kubernetes, circuits, project, env, clock);
  }
}
