package dev.kintsugi.agent.internal.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Sentry DSN, {@code http(s)://KEY[:SECRET]@host[:port][/path]/PROJECT}: where to send events and
 * with which public key.
 */
public final class Dsn {
  private final String text;
  private final String publicKey;
  private final String projectId;
  private final URI envelopeUri;
  private final URI circuitsUri;

  private Dsn(String text, String publicKey, String projectId, URI envelopeUri, URI circuitsUri) {
    this.text = text;
    this.publicKey = publicKey;
    this.projectId = projectId;
    this.envelopeUri = envelopeUri;
    this.circuitsUri = circuitsUri;
  }

  /**
   * Parses a DSN.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static Dsn parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the DSN is empty");
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the DSN is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the DSN must start with http:// or https://");
    }
    String userInfo = uri.getRawUserInfo();
    String key = userInfo == null ? "" : userInfo.split(":", 2)[0];
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the DSN has no key (http://KEY@host/PROJECT)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the DSN has no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int slash = path.lastIndexOf('/');
    String project = slash < 0 ? "" : path.substring(slash + 1);
    if (project.isEmpty()) {
      throw new IllegalArgumentException("the DSN has no project (http://KEY@host/PROJECT)");
    }
    String prefix = path.substring(0, slash);
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String api = scheme + "://" + uri.getHost() + port + prefix + "/api/" + project;
    return new Dsn(
        trimmed,
        key,
        project,
        URI.create(api + "/envelope/"),
        URI.create(api + "/kintsugi/circuits/"));
  }

  /** The public key sent in {@code X-Sentry-Auth}. */
  public String publicKey() {
    return publicKey;
  }

  public String projectId() {
    return projectId;
  }

  /** {@code POST} target for envelopes. */
  public URI envelopeUri() {
    return envelopeUri;
  }

  /** {@code GET} target for the project's open circuits (a Kintsugi server's, not Sentry's). */
  public URI circuitsUri() {
    return circuitsUri;
  }

  /** The {@code X-Sentry-Auth} header that authenticates {@code client} with this DSN's key. */
  public String sentryAuth(String client) {
    return "Sentry sentry_version=7, sentry_key=" + publicKey + ", sentry_client=" + client;
  }

  /** The DSN as given. */
  public String text() {
    return text;
  }

  /** The DSN with its key masked, for messages. */
  @Override
  public String toString() {
    return envelopeUri.getScheme() + "://***@" + envelopeUri.getRawAuthority() + "/" + projectId;
  }
}
