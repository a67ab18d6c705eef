package dev.kintsugi.runtime.action;

import dev.kintsugi.core.repair.Descriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an allow-listed program directly (no shell): done when it exits 0 within its timeout. The
 * program was resolved to a real path, and checked against the allow-list, when the runbook was
 * read.
 */
final class CommandAction implements RuntimeAction {

  /** How much of the output's end the outcome shows. */
  static final int SHOWN_OUTPUT = 300;

  private final Path executable;
  private final List<String> args;
  private final Optional<Path> workingDir;
  private final Map<String, String> env;
  private final Duration timeout;

  /**
   * @param env the program's whole environment
   */
  CommandAction(
      Path executable,
      List<String> args,
      Optional<Path> workingDir,
      Map<String, String> env,
      Duration timeout) {
    this.executable = executable;
    this.args = List.copyOf(args);
    this.workingDir = workingDir;
    this.env = Map.copyOf(env);
    this.timeout = timeout;
  }

  /** The environment {@code base} with {@code additions} over it. */
  static Map<String, String> environment(Map<String, String> base, Map<String, String> additions) {
    Map<String, String> env = new HashMap<>(base);
    env.putAll(additions);
    return env;
  }

  @Override
  public String kind() {
    return "command";
  }

  @Override
  public String describe() {
    return "command: " + executable + (args.isEmpty() ? "" : " " + String.join(" ", args));
  }

  @Override
  public ActionOutcome run() throws InterruptedException {
    CommandRunner.Result result = CommandRunner.run(executable, args, workingDir, env, timeout);
    return outcome(
        executable.getFileName() + (args.isEmpty() ? "" : " " + String.join(" ", args)), result);
  }

  /** The outcome of a program's run: done on exit 0, with the end of its output otherwise. */
  static ActionOutcome outcome(String what, CommandRunner.Result result) {
    if (result.problem().isPresent()) {
      return ActionOutcome.failed(what + ": " + result.problem().get() + tail(result.output()));
    }
    String detail = what + ": exit " + result.exitCode();
    return result.exitCode() == 0
        ? ActionOutcome.done(detail)
        : ActionOutcome.failed(detail + tail(result.output()));
  }

  private static String tail(String output) {
    String line = Descriptions.oneLine(output, Integer.MAX_VALUE);
    if (line.isEmpty()) {
      return "";
    }
    return " — "
        + (line.length() > SHOWN_OUTPUT
            ? "..." + line.substring(line.length() - SHOWN_OUTPUT)
            : line);
  }
}
