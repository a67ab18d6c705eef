package dev.kintsugi.agent.internal.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The agent's settings. Each key is read from the agent arguments ({@code key=value} separated by
 * commas), else the system property {@code kintsugi.<key>}, else the environment variable {@code
 * KINTSUGI_<KEY>}. Immutable; {@link #load} names the bad value when one is invalid.
 */
public final class AgentConfig {
  /** Every key the agent reads; others are reported once and ignored. */
  public static final Set<String> KEYS =
      Collections.unmodifiableSet(
          new TreeSet<>(
              List.of(
                  "dsn",
                  "packages",
                  "release",
                  "environment",
                  "server_name",
                  "spool",
                  "spool_max_files",
                  "spool_max_bytes",
                  "queue_size",
                  "flush_timeout_ms",
                  "timeout_ms",
                  "args",
                  "circuits_poll",
                  "faults",
                  "logging",
                  "enabled",
                  "debug")));

  private final Dsn dsn;
  private final Packages packages;
  private final Optional<String> release;
  private final String environment;
  private final Optional<String> serverName;
  private final Path spoolDir;
  private final int spoolMaxFiles;
  private final long spoolMaxBytes;
  private final int queueSize;
  private final long flushTimeoutMillis;
  private final int timeoutMillis;
  private final boolean captureArgs;
  private final boolean captureLogging;
  private final long circuitsPollMillis;
  private final boolean faults;
  private final boolean debug;
  private final List<String> unknownKeys;

  private AgentConfig(Reader r, Path userDir, Path tmpDir) {
    this.dsn = Dsn.parse(r.required("dsn"));
    this.packages = Packages.parse(r.get("packages").orElse(""));
    this.release =
        r.get("release")
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .or(() -> ReleaseDetector.gitCommit(userDir));
    this.environment =
        r.get("environment").map(String::trim).filter(s -> !s.isEmpty()).orElse("production");
    this.serverName = r.get("server_name").map(String::trim).filter(s -> !s.isEmpty());
    this.spoolDir =
        r.get("spool")
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Paths::get)
            .orElseGet(() -> tmpDir.resolve("kintsugi-agent-spool").resolve(hash(dsn.text())));
    this.spoolMaxFiles = (int) r.number("spool_max_files", 100, 1, 1_000_000);
    this.spoolMaxBytes = r.number("spool_max_bytes", 10L * 1024 * 1024, 1024, Long.MAX_VALUE);
    this.queueSize = (int) r.number("queue_size", 100, 1, 100_000);
    this.flushTimeoutMillis = r.number("flush_timeout_ms", 2000, 0, 600_000);
    this.timeoutMillis = (int) r.number("timeout_ms", 5000, 1, 600_000);
    this.captureArgs = r.flag("args", true);
    this.captureLogging = r.flag("logging", true);
    this.circuitsPollMillis = r.duration("circuits_poll", 5000, 100, 3_600_000);
    this.faults = r.flag("faults", false);
    this.debug = r.flag("debug", false);
    this.unknownKeys = r.unknown();
  }

  /**
   * Reads the settings.
   *
   * @param agentArgs the {@code -javaagent:...=ARGS} part, may be null
   * @param systemProperties looks up a system property
   * @param environment looks up an environment variable
   * @param userDir where to look for the git commit ({@code user.dir})
   * @param tmpDir where the default spool directory goes ({@code java.io.tmpdir})
   * @return the configuration, or empty when the agent is turned off ({@code enabled=false})
   * @throws IllegalArgumentException naming the key and value that are invalid or missing
   */
  public static Optional<AgentConfig> load(
      String agentArgs,
      UnaryOperator<String> systemProperties,
      UnaryOperator<String> environment,
      Path userDir,
      Path tmpDir) {
    Reader r = new Reader(parseArgs(agentArgs), systemProperties, environment);
    if (!r.flag("enabled", true)) {
      return Optional.empty();
    }
    return Optional.of(new AgentConfig(r, userDir, tmpDir));
  }

  /** Splits {@code a=1,b=2}; a value may hold {@code =} but not {@code ,}. */
  static Map<String, String> parseArgs(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null) {
      return out;
    }
    for (String part : args.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("agent option '" + p + "' is not key=value");
      }
      out.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
    }
    return out;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16))
            .append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  public Dsn dsn() {
    return dsn;
  }

  /** In-app package prefixes: their methods' arguments are recorded, their frames are in_app. */
  public Packages packages() {
    return packages;
  }

  /** The release: {@code release}, else the git commit of {@code user.dir}'s repository. */
  public Optional<String> release() {
    return release;
  }

  public String environment() {
    return environment;
  }

  public Optional<String> serverName() {
    return serverName;
  }

  public Path spoolDir() {
    return spoolDir;
  }

  public int spoolMaxFiles() {
    return spoolMaxFiles;
  }

  public long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  public int queueSize() {
    return queueSize;
  }

  public long flushTimeoutMillis() {
    return flushTimeoutMillis;
  }

  /** Connect and read timeout of one request. */
  public int timeoutMillis() {
    return timeoutMillis;
  }

  public boolean captureArgs() {
    return captureArgs;
  }

  public boolean captureLogging() {
    return captureLogging;
  }

  /**
   * How often the circuits are polled from the server ({@code circuits_poll}: {@code 500ms}, {@code
   * 5s}, {@code 1m}, a bare number of seconds; 5 s by default); 0 when polling is off ({@code off}
   * or {@code 0}).
   */
  public long circuitsPollMillis() {
    return circuitsPollMillis;
  }

  /**
   * Whether the faults a chaos experiment injects through the server are acted on ({@code
   * faults=on}; off by default: the server's faults are then ignored entirely). They arrive with
   * the circuits, so {@code circuits_poll=off} turns them off too.
   */
  public boolean faults() {
    return faults;
  }

  public boolean debug() {
    return debug;
  }

  /** Agent-argument keys that are not settings (reported once, ignored). */
  public List<String> unknownKeys() {
    return unknownKeys;
  }

  /** Looks keys up in the agent arguments, then system properties, then the environment. */
  private static final class Reader {
    private final Map<String, String> args;
    private final UnaryOperator<String> sys;
    private final UnaryOperator<String> env;

    Reader(Map<String, String> args, UnaryOperator<String> sys, UnaryOperator<String> env) {
      this.args = args;
      this.sys = sys;
      this.env = env;
    }

    Optional<String> get(String key) {
      String v = args.get(key);
      if (v == null) {
        v = sys.apply("kintsugi." + key);
      }
      if (v == null) {
        v = env.apply("KINTSUGI_" + key.toUpperCase(Locale.ROOT));
      }
      return Optional.ofNullable(v);
    }

    String required(String key) {
      return get(key)
          .filter(v -> !v.isBlank())
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no "
                          + key
                          + " (set "
                          + key
                          + "=... in the agent arguments, -Dkintsugi."
                          + key
                          + " or KINTSUGI_"
                          + key.toUpperCase(Locale.ROOT)
                          + ")"));
    }

    long number(String key, long dflt, long min, long max) {
      Optional<String> v = get(key).map(String::trim).filter(s -> !s.isEmpty());
      if (v.isEmpty()) {
        return dflt;
      }
      try {
        long n = Long.parseLong(v.get());
        if (n < min || n > max) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            key + " must be a whole number from " + min + " to " + max + ", was '" + v.get() + "'");
      }
    }

    /**
     * A duration in milliseconds: {@code 500ms}, {@code 5s}, {@code 2m}, seconds if bare; off: 0.
     */
    long duration(String key, long dflt, long min, long max) {
      Optional<String> v = get(key).map(s -> s.trim().toLowerCase(Locale.ROOT));
      if (v.isEmpty() || v.get().isEmpty()) {
        return dflt;
      }
      String s = v.get();
      if (s.equals("off") || s.equals("0") || s.equals("false")) {
        return 0;
      }
      long unit = 1000;
      if (s.endsWith("ms")) {
        unit = 1;
        s = s.substring(0, s.length() - 2);
      } else if (s.endsWith("s")) {
        s = s.substring(0, s.length() - 1);
      } else if (s.endsWith("m")) {
        unit = 60_000;
        s = s.substring(0, s.length() - 1);
      }
      try {
        long n = Long.parseLong(s.trim());
        if (n == 0) {
          return 0;
        }
        if (n < 0 || n > max / unit || n * unit < min || n * unit > max) {
          throw new NumberFormatException();
        }
        return n * unit;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            key
                + " must be a duration from "
                + min
                + "ms to "
                + max / 60_000
                + "m (500ms, 5s, 1m) or off, was '"
                + v.get()
                + "'");
      }
    }

    boolean flag(String key, boolean dflt) {
      Optional<String> v = get(key).map(s -> s.trim().toLowerCase(Locale.ROOT));
      if (v.isEmpty() || v.get().isEmpty()) {
        return dflt;
      }
      switch (v.get()) {
        case "true":
        case "yes":
        case "on":
        case "1":
          return true;
        case "false":
        case "no":
        case "off":
        case "0":
          return false;
        default:
          throw new IllegalArgumentException(key + " must be true or false, was '" + v.get() + "'");
      }
    }

    List<String> unknown() {
      List<String> out = new ArrayList<>();
      for (String k : args.keySet()) {
        if (!KEYS.contains(k)) {
          out.add(k);
        }
      }
      return out;
    }
  }
}
