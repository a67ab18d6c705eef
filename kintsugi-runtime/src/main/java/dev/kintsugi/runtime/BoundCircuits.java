package dev.kintsugi.runtime;

import dev.kintsugi.runtime.action.Circuits;
import java.time.Duration;
import java.util.Optional;

/**
 * The server's circuits, bound when the server starts: runbooks are read (and their {@code circuit}
 * actions built) before there is a server to act on.
 */
final class BoundCircuits implements Circuits {

  private volatile Circuits target;

  void bind(Circuits circuits) {
    this.target = circuits;
  }

  @Override
  public void open(String project, String method, Optional<String> fallback, Duration ttl) {
    bound().open(project, method, fallback, ttl);
  }

  @Override
  public void close(String project, String method) {
    bound().close(project, method);
  }

  private Circuits bound() {
    Circuits circuits = target;
    if (circuits == null) {
      throw new IllegalStateException("circuits are not available before the server starts");
    }
    return circuits;
  }
}
