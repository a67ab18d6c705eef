package dev.kintsugi.server;

import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.server.ingest.Limits;
import dev.kintsugi.server.scrub.ScrubRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a {@link KintsugiServer}. Build with {@link #builder()}; every setting has a default.
 *
 * @param host interface to listen on
 * @param port TCP port, 0 for any free one
 * @param dbUrl JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param adminToken bearer token of the REST API; generated (and printed once) when empty
 * @param publicUrl base URL written into DSNs; the request's Host when empty
 * @param journalDir the ingest journal's directory; when empty, next to an H2 file database, a
 *     temporary directory for an in-memory one, and under {@code ~/.kintsugi/journal/} for
 *     PostgreSQL
 * @param journalFsync whether an acknowledged event is also forced to the disk (survives a power
 *     loss, not only a crash of the server)
 * @param maxBacklogBytes journaled bytes not yet in the database above which ingest answers 429
 * @param maxBatchEvents events committed per transaction at most
 * @param applyLinger how long the journal applier waits after a commit for more events
 * @param repoRoots directories under which projects may register local repositories; none (the
 *     default) allows only git URLs
 * @param webhooks where the server's news of fixes goes (a regression, a merge reported by a
 *     person), and the heals' (fix proposed, approval needed, merged); by default the
 *     comma-separated {@link Webhook#parse} values of {@code KINTSUGI_NOTIFY}
 * @param nodeId this node's id among the servers and workers sharing the database (at most 200
 *     characters), stored with the heal runs it claims; empty: the host name and process id ({@code
 *     HealScheduler.defaultNodeId()}). Give a stable one so that a restarted node takes its runs
 *     back at once instead of after their leases expire.
 * @param healLease how long a claimed heal run stays this node's without a renewal (renewed every
 *     third of it); a node that dies is taken over after this
 * @param serveOnly ingest, REST API and dashboard only: no heals and no extension's background work
 *     (scraping, runbooks), which {@code kintsugi worker} processes on the same database do
 */
public record ServerConfig(
    String host,
    int port,
    String dbUrl,
    Optional<String> adminToken,
    Optional<String> publicUrl,
    ScrubRules scrubRules,
    Limits limits,
    Optional<Path> journalDir,
    boolean journalFsync,
    long maxBacklogBytes,
    int maxBatchEvents,
    Duration applyLinger,
    Clock clock,
    List<Path> repoRoots,
    List<Webhook> webhooks,
    Optional<String> nodeId,
    Duration healLease,
    boolean serveOnly) {

  /** The default {@link #healLease}. */
  public static final Duration DEFAULT_HEAL_LEASE = Duration.ofSeconds(30);

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    Objects.requireNonNull(dbUrl, "dbUrl");
    Objects.requireNonNull(adminToken, "adminToken");
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(scrubRules, "scrubRules");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(journalDir, "journalDir");
    if (maxBacklogBytes < 1) {
      throw new IllegalArgumentException(
          "maxBacklogBytes must be positive, was " + maxBacklogBytes);
    }
    if (applyLinger.isNegative()) {
      throw new IllegalArgumentException("applyLinger must not be negative, was " + applyLinger);
    }
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException("maxBatchEvents must be positive, was " + maxBatchEvents);
    }
    Objects.requireNonNull(clock, "clock");
    repoRoots = List.copyOf(repoRoots);
    webhooks = List.copyOf(webhooks);
    nodeId = Objects.requireNonNull(nodeId, "nodeId").map(String::strip);
    if (nodeId.isPresent() && (nodeId.get().isEmpty() || nodeId.get().length() > 200)) {
      throw new IllegalArgumentException(
          "nodeId must be 1-200 characters, was '" + nodeId.get() + "'");
    }
    if (healLease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("healLease must be at least 1 s, was " + healLease);
    }
  }

  /**
   * The environment variable webhooks are read from: comma-separated {@link Webhook#parse} values.
   */
  public static final String NOTIFY_ENV = Webhook.ENV;

  /**
   * Reads {@link #NOTIFY_ENV}'s value: comma-separated webhooks ({@code slack:URL}, {@code
   * generic:URL} or a URL); blank: none.
   *
   * @throws IllegalArgumentException naming the variable and what is wrong (never a URL's path)
   */
  public static List<Webhook> webhooks(String value) {
    try {
      return Webhook.parseList(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NOTIFY_ENV + ": " + e.getMessage());
    }
  }

  /** {@link #nodeId}, or the host name and process id. */
  public String node() {
    return nodeId.orElseGet(dev.kintsugi.server.heal.HealScheduler::defaultNodeId);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link ServerConfig}; its errors name the bad value. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8700;
    private String dbUrl = Database.defaultUrl();
    private Optional<String> adminToken =
        Optional.ofNullable(System.getenv("KINTSUGI_ADMIN_TOKEN")).filter(t -> !t.isBlank());
    private Optional<String> publicUrl = Optional.empty();
    private ScrubRules scrubRules = ScrubRules.defaults();
    private Limits limits = Limits.sentry();
    private Optional<Path> journalDir = Optional.empty();
    private boolean journalFsync = false;
    private long maxBacklogBytes = 256L * 1024 * 1024;
    private int maxBatchEvents = 2000;
    private Duration applyLinger = Duration.ofMillis(5);
    private Clock clock = Clock.systemUTC();
    private final List<Path> repoRoots = new ArrayList<>();
    private List<Webhook> webhooks;
    private Optional<String> nodeId = Optional.empty();
    private Duration healLease = DEFAULT_HEAL_LEASE;
    private boolean serveOnly;

    /** Ingest, REST API and dashboard only (see {@link ServerConfig#serveOnly}). */
    public Builder serveOnly(boolean serveOnly) {
      this.serveOnly = serveOnly;
      return this;
    }

    private Builder() {}

    /** This node's id among those sharing the database (see {@link ServerConfig#nodeId}). */
    public Builder nodeId(String nodeId) {
      this.nodeId = Optional.of(nodeId);
      return this;
    }

    /** How long a claimed heal run stays this node's without a renewal. */
    public Builder healLease(Duration healLease) {
      this.healLease = healLease;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder dbUrl(String dbUrl) {
      this.dbUrl = dbUrl;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = Optional.of(adminToken);
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      this.publicUrl = Optional.of(publicUrl);
      return this;
    }

    public Builder scrubRules(ScrubRules scrubRules) {
      this.scrubRules = scrubRules;
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    public Builder journalDir(Path journalDir) {
      this.journalDir = Optional.of(journalDir);
      return this;
    }

    public Builder journalFsync(boolean journalFsync) {
      this.journalFsync = journalFsync;
      return this;
    }

    public Builder maxBacklogBytes(long maxBacklogBytes) {
      this.maxBacklogBytes = maxBacklogBytes;
      return this;
    }

    public Builder applyLinger(Duration applyLinger) {
      this.applyLinger = applyLinger;
      return this;
    }

    public Builder maxBatchEvents(int maxBatchEvents) {
      this.maxBatchEvents = maxBatchEvents;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Allows projects to register local repositories under {@code root} (repeatable). */
    public Builder repoRoot(Path root) {
      this.repoRoots.add(root);
      return this;
    }

    /** Where notifications go (replaces {@code KINTSUGI_NOTIFY}'s). */
    public Builder webhooks(List<Webhook> webhooks) {
      this.webhooks = List.copyOf(webhooks);
      return this;
    }

    /**
     * @throws IllegalArgumentException when {@code KINTSUGI_NOTIFY} (used unless {@link #webhooks}
     *     was called) holds a bad webhook
     */
    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          dbUrl,
          adminToken,
          publicUrl,
          scrubRules,
          limits,
          journalDir,
          journalFsync,
          maxBacklogBytes,
          maxBatchEvents,
          applyLinger,
          clock,
          repoRoots,
          webhooks != null ? webhooks : ServerConfig.webhooks(System.getenv(NOTIFY_ENV)),
          nodeId,
          healLease,
          serveOnly);
    }
  }

  /** Where the default embedded database lives. */
  private static final class Database {
    static String defaultUrl() {
      return dev.kintsugi.server.store.Database.defaultUrl(
          Path.of(System.getProperty("user.home")));
    }
  }
}
