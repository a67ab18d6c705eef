package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.CommandRunner;
import dev.kintsugi.runtime.action.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code kill_process}, {@code pause_process} (SIGSTOP) and {@code resume_process} (SIGCONT): sends
 * a signal to the process a pid file (read when the activity runs, so a restarted process is the
 * one resumed) or a pid names, with {@code kill -s}, never to Kintsugi itself nor to pid 1.
 */
record ProcessSignal(Optional<Path> pidFile, OptionalLong pid, String signal) implements Provider {

  static final List<String> SIGNALS =
      List.of("KILL", "TERM", "INT", "HUP", "QUIT", "STOP", "CONT", "USR1", "USR2");

  /**
   * @param fixed the signal of a pause or resume; null for kill, whose {@code signal} argument
   *     chooses it (KILL by default)
   */
  static ProcessSignal parse(JsonNode arguments, String path, String fixed)
      throws RuntimeConfigException {
    ConfigNode a =
        ConfigNode.of(
            arguments,
            path,
            fixed == null ? List.of("pid_file", "pid", "signal") : List.of("pid_file", "pid"));
    String which = a.oneOf(List.of("pid_file", "pid"));
    String signal = fixed;
    if (signal == null) {
      signal = a.optionalText("signal").orElse("KILL").toUpperCase(Locale.ROOT);
      if (signal.startsWith("SIG")) {
        signal = signal.substring(3);
      }
      if (!SIGNALS.contains(signal)) {
        throw new RuntimeConfigException(
            a.path("signal"), "unknown signal (one of: " + String.join(", ", SIGNALS) + ")");
      }
    }
    return which.equals("pid")
        ? new ProcessSignal(
            Optional.empty(), OptionalLong.of(a.integer("pid", 2, Integer.MAX_VALUE)), signal)
        : new ProcessSignal(a.optionalPath("pid_file"), OptionalLong.empty(), signal);
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed, InterruptedException {
    long target = pid.isPresent() ? pid.getAsLong() : readPid(pidFile.orElseThrow());
    if (target <= 1 || target == ProcessHandle.current().pid()) {
      throw new ActivityFailed("refusing to signal pid " + target);
    }
    if (ProcessHandle.of(target).map(p -> !p.isAlive()).orElse(true)) {
      throw new ActivityFailed("pid " + target + " is not running");
    }
    Path kill =
        Executables.resolve("kill", context.env())
            .orElseThrow(() -> new ActivityFailed("no kill program on PATH"));
    CommandRunner.Result result =
        CommandRunner.run(
            kill,
            List.of("-s", signal, Long.toString(target)),
            Optional.empty(),
            context.env(),
            Duration.ofSeconds(10));
    if (!result.succeeded()) {
      throw new ActivityFailed(
          "kill -s "
              + signal
              + " "
              + target
              + " failed: "
              + result
                  .problem()
                  .orElse("exit code " + result.exitCode() + ": " + result.output().strip()));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("pid", target);
    out.put("signal", "SIG" + signal);
    Optional<Boolean> inEffect = awaitEffect(target);
    if (inEffect.isPresent()) {
      out.put("in_effect", inEffect.get());
    }
    return out;
  }

  /** How long a signal may take to show in the process's state. */
  static final Duration EFFECT_WITHIN = Duration.ofSeconds(5);

  /**
   * Waits until the signal shows (stopped, running again, gone): {@code kill} returns once the
   * signal is queued, and a thread busy on another core may answer one more request before it
   * stops; the method's next activity, and the recovery wait, must meet the fault. Empty for
   * signals a process may handle as it likes (TERM, USR1, ...); false when it did not show in time.
   */
  private Optional<Boolean> awaitEffect(long target) throws InterruptedException {
    java.util.function.Predicate<Character> shown;
    switch (signal) {
      case "STOP" -> shown = state -> state == 'T' || state == 't';
      case "CONT" -> shown = state -> state != 'T' && state != 't';
      case "KILL" -> shown = state -> state == 'Z' || state == 'X' || state == '-';
      default -> {
        return Optional.empty();
      }
    }
    long deadline = System.nanoTime() + EFFECT_WITHIN.toNanos();
    while (true) {
      if (shown.test(state(target))) {
        return Optional.of(true);
      }
      if (System.nanoTime() > deadline) {
        return Optional.of(false);
      }
      Thread.sleep(10);
    }
  }

  /** The process's state letter in {@code /proc/PID/stat} ({@code -} when it is gone). */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
      return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '-';
    } catch (IOException e) {
      return '-';
    }
  }

  private static long readPid(Path file) throws ActivityFailed {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new ActivityFailed("cannot read the pid file " + file + ": " + e.getMessage());
    } catch (NumberFormatException e) {
      throw new ActivityFailed("the pid file " + file + " holds no pid");
    }
  }
}
