package dev.kintsugi.server;

import dev.kintsugi.server.ingest.Limits;
import dev.kintsugi.server.scrub.ScrubRules;
import java.nio.file.Path;
import java.time.Clock;
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
 * @param queueCapacity requests that may wait for a commit before ingest answers 429
 * @param maxBatchEvents events committed per transaction at most
 */
public record ServerConfig(
    String host,
    int port,
    String dbUrl,
    Optional<String> adminToken,
    Optional<String> publicUrl,
    ScrubRules scrubRules,
    Limits limits,
    int queueCapacity,
    int maxBatchEvents,
    Clock clock) {

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
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
    }
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException("maxBatchEvents must be positive, was " + maxBatchEvents);
    }
    Objects.requireNonNull(clock, "clock");
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
    private int queueCapacity = 4096;
    private int maxBatchEvents = 2000;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

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

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
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

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          dbUrl,
          adminToken,
          publicUrl,
          scrubRules,
          limits,
          queueCapacity,
          maxBatchEvents,
          clock);
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
