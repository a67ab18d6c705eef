package dev.kintsugi.agent.internal;

import dev.kintsugi.agent.internal.bridge.Bridge;
import dev.kintsugi.agent.internal.capture.AgentSink;
import dev.kintsugi.agent.internal.capture.Capture;
import dev.kintsugi.agent.internal.capture.Capturer;
import dev.kintsugi.agent.internal.capture.ThrowRecords;
import dev.kintsugi.agent.internal.capture.UncaughtHandler;
import dev.kintsugi.agent.internal.circuit.CircuitPoller;
import dev.kintsugi.agent.internal.config.AgentConfig;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.event.Envelopes;
import dev.kintsugi.agent.internal.event.EventJson;
import dev.kintsugi.agent.internal.event.ServerName;
import dev.kintsugi.agent.internal.instrument.Instrumenter;
import dev.kintsugi.agent.internal.snapshot.SnapshotLimits;
import dev.kintsugi.agent.internal.snapshot.Snapshotter;
import dev.kintsugi.agent.internal.transport.Backoff;
import dev.kintsugi.agent.internal.transport.Sender;
import dev.kintsugi.agent.internal.transport.Spool;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Wires the agent once its bridge is in place: configuration, sender, capture, uncaught handler,
 * shutdown flush, instrumentation. Called reflectively by the premain class, so that nothing here
 * is loaded before the bridge is on the bootstrap class path.
 */
public final class AgentStarter {
  /** Throwables tracked at once with frame records, and frames recorded per throwable. */
  private static final int MAX_TRACKED_THROWABLES = 4096;

  private static final int MAX_FRAMES_PER_THROWABLE = 32;
  private static final int MAX_SEEN = 10_000;

  private AgentStarter() {}

  /**
   * Starts the agent; reports problems on stderr and returns normally in every case.
   *
   * @param bridged whether the bridge is on the bootstrap class path (instrumentation needs it)
   */
  public static void start(String args, Instrumentation inst, boolean bridged) {
    Optional<AgentConfig> loaded;
    try {
      loaded =
          AgentConfig.load(
              args,
              System::getProperty,
              System::getenv,
              Paths.get(System.getProperty("user.dir", ".")),
              Paths.get(System.getProperty("java.io.tmpdir", ".")));
    } catch (IllegalArgumentException e) {
      AgentLog.info("disabled: " + e.getMessage() + "; the application runs without the agent");
      return;
    }
    if (loaded.isEmpty()) {
      AgentLog.info("disabled (enabled=false)");
      return;
    }
    AgentConfig config = loaded.get();
    if (config.debug()) {
      AgentLog.enableDebug();
    }
    for (String key : config.unknownKeys()) {
      AgentLog.info("ignoring unknown option '" + key + "' (known: " + AgentConfig.KEYS + ")");
    }
    try {
      run(config, inst, bridged);
    } catch (Throwable t) {
      Bridge.install(null);
      AgentLog.once("start", "failed to start; the application runs without the agent", t);
    }
  }

  private static void run(AgentConfig config, Instrumentation inst, boolean bridged)
      throws Exception {
    String version = version();
    Clock clock = Clock.systemUTC();
    EventJson events =
        new EventJson(
            config.packages(),
            config.release(),
            config.environment(),
            new ServerName(config.serverName()),
            version,
            () -> UUID.randomUUID().toString().replace("-", ""));
    Spool spool =
        new Spool(config.spoolDir(), config.spoolMaxFiles(), config.spoolMaxBytes(), clock);
    Sender<Capture> sender =
        new Sender<Capture>(
                config.dsn(),
                version,
                config.queueSize(),
                capture -> Envelopes.of(events.build(capture), version),
                spool,
                clock,
                Backoff.defaults(),
                config.timeoutMillis())
            .start();
    ThrowRecords records = new ThrowRecords(MAX_TRACKED_THROWABLES, MAX_FRAMES_PER_THROWABLE);
    Capturer capturer = new Capturer(records, MAX_SEEN, sender::offer, clock);
    AgentSink sink = new AgentSink(new Snapshotter(SnapshotLimits.defaults()), records, capturer);
    Bridge.install(sink);
    UncaughtHandler.install(sink::uncaught);
    Runtime.getRuntime()
        .addShutdownHook(new AgentThread("flush", () -> sender.close(config.flushTimeoutMillis())));
    boolean args = config.captureArgs() && !config.packages().isEmpty();
    if (config.packages().isEmpty()) {
      AgentLog.info("no packages= given: arguments are not recorded and no frame is in-app");
    }
    if (bridged && (args || config.captureLogging())) {
      try {
        Instrumenter.install(
            inst,
            args ? config.packages() : Packages.parse(""),
            config.captureLogging(),
            AgentStarter.class.getClassLoader());
      } catch (Throwable t) {
        AgentLog.once(
            "instrument-install",
            "could not instrument classes; capturing uncaught and API errors only",
            t);
      }
    }
    if (bridged && config.circuitsPollMillis() > 0 && !config.packages().isEmpty()) {
      try {
        CircuitPoller.start(
            config.dsn(),
            config.packages(),
            inst,
            EventJson.SDK_NAME + "/" + version,
            config.timeoutMillis(),
            config.circuitsPollMillis(),
            config.faults());
      } catch (Throwable t) {
        AgentLog.once("circuits-start", "cannot poll for circuits; no method has one", t);
      }
    }
    AgentLog.debug(
        "started "
            + version
            + ": "
            + config.dsn()
            + ", packages "
            + config.packages()
            + ", release "
            + config.release().orElse("(none)")
            + ", spool "
            + config.spoolDir());
  }

  /** The agent's version, from the build. */
  public static String version() {
    try (InputStream in =
        AgentStarter.class.getResourceAsStream("/dev/kintsugi/agent/internal/agent.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
