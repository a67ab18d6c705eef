package dev.kintsugi.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the production-healing demo exists (it needs the ingest server and agent). */
@Command(
    name = "demo",
    description = "Run the whole loop on a bundled sample service (coming soon).")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(
        "kintsugi demo: coming soon. It needs the Java agent and production healing, which are not"
            + " built yet (the ingest server is: ./kintsugi server).");
    System.out.println(
        "Today you can heal a repository with failing tests: ./kintsugi heal PATH --report heal.json"
            + " (try one of bench/corpus/*: bench/corpus/run.sh b01-...)");
    return 0;
  }
}
