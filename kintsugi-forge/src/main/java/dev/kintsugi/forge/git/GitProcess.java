package dev.kintsugi.forge.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code git} executable, for ssh remotes: JGit has no ssh client of its own, and the
 * user's git already knows their keys, agent, {@code ~/.ssh/config} and known hosts. It never
 * prompts (no terminal, no input) and is killed, with its ssh, when it runs too long.
 */
final class GitProcess {

  record Result(int exitCode, String output) {}

  private GitProcess() {}

  static Result run(Path directory, Duration timeout, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new IOException(
            "git " + arguments.get(0) + " took longer than " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("could not read git's output");
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
