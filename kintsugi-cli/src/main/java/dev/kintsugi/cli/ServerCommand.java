package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the ingest server is a later issue. Fails clearly instead of pretending. */
@Command(name = "server", description = "Ingest and REST server (not available yet).")
final class ServerCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("kintsugi: the server is not available in this version yet");
    return ExitCode.BAD_INPUT;
  }
}
