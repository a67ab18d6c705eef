package dev.kintsugi.agent.internal.event;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host name for {@code server_name}: configured, else looked up once, lazily — the lookup may
 * wait on DNS, so it runs on the sender thread, never in premain or on a capturing thread.
 */
public final class ServerName implements Supplier<String> {
  private final Optional<String> configured;
  private volatile String resolved;
  private volatile boolean done;

  public ServerName(Optional<String> configured) {
    this.configured = configured;
  }

  @Override
  public String get() {
    if (configured.isPresent()) {
      return configured.get();
    }
    if (!done) {
      String name = System.getenv("HOSTNAME");
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (Exception | LinkageError e) {
        // Keep $HOSTNAME, possibly null: the field is optional.
      }
      resolved = name;
      done = true;
    }
    return resolved;
  }
}
