package dev.kintsugi.runtime.action;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Restarts a systemd unit: {@code systemctl [--user] restart UNIT}, run directly (no shell). */
final class SystemdAction implements RuntimeAction {

  /** What a unit name may be: no options, paths or globs can hide in it. */
  static final Pattern UNIT = Pattern.compile("[A-Za-z0-9@._-]+\\.(service|socket|target)");

  private final String unit;
  private final boolean user;
  private final Map<String, String> env;
  private final Duration timeout;

  SystemdAction(String unit, boolean user, Map<String, String> env, Duration timeout) {
    if (!UNIT.matcher(unit).matches() || unit.startsWith("-")) {
      throw new IllegalArgumentException("not a unit name: " + unit);
    }
    this.unit = unit;
    this.user = user;
    this.env = Map.copyOf(env);
    this.timeout = timeout;
  }

  @Override
  public String kind() {
    return "systemd";
  }

  @Override
  public String describe() {
    return "systemd: " + String.join(" ", argv("systemctl"));
  }

  @Override
  public ActionOutcome run() throws InterruptedException {
    Optional<Path> systemctl = Executables.resolve("systemctl", env);
    if (systemctl.isEmpty()) {
      return ActionOutcome.failed("systemctl is not on PATH");
    }
    List<String> argv = argv("systemctl");
    CommandRunner.Result result =
        CommandRunner.run(
            systemctl.get(), argv.subList(1, argv.size()), Optional.empty(), env, timeout);
    return CommandAction.outcome(String.join(" ", argv), result);
  }

  private List<String> argv(String program) {
    List<String> argv = new ArrayList<>(List.of(program));
    if (user) {
      argv.add("--user");
    }
    argv.add("restart");
    argv.add(unit);
    return argv;
  }
}
