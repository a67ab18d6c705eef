package dev.kintsugi.core.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where notifications go: a URL and the payload it expects. A webhook URL often is a secret (a
 * Slack incoming webhook's path is its key): {@link #toString} shows only its host.
 *
 * @param url where payloads are POSTed
 * @param format {@link Format#GENERIC} JSON, or {@link Format#SLACK}'s incoming-webhook shape (also
 *     read by Mattermost, Rocket.Chat and others)
 */
public record Webhook(URI url, Format format) {

  /** A payload shape. */
  public enum Format {
    GENERIC,
    SLACK
  }

  public Webhook {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
      throw new IllegalArgumentException(
          "a webhook must be an http(s) URL with a host, was " + describe(url));
    }
  }

  /** The environment variable webhooks are read from, besides flags: comma-separated values. */
  public static final String ENV = "KINTSUGI_NOTIFY";

  /**
   * Reads comma-separated {@link #parse} values ({@code KINTSUGI_NOTIFY}'s, a property's); blank
   * entries and a null or blank list are none.
   *
   * @throws IllegalArgumentException naming what is wrong, never a URL's secret path
   */
  public static List<Webhook> parseList(String commaSeparated) {
    List<Webhook> out = new ArrayList<>();
    if (commaSeparated == null) {
      return out;
    }
    for (String part : commaSeparated.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    return out;
  }

  /**
   * Reads one {@code --notify} value: {@code slack:URL} or {@code generic:URL}, or a bare URL
   * (Slack's format for {@code hooks.slack.com}, the generic one otherwise).
   *
   * @throws IllegalArgumentException naming what is wrong, never the URL's secret path
   */
  public static Webhook parse(String value) {
    String text = value == null ? "" : value.strip();
    Format format = null;
    for (Format f : Format.values()) {
      String prefix = f.name().toLowerCase(Locale.ROOT) + ":";
      if (text.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        format = f;
        text = text.substring(prefix.length());
      }
    }
    URI url;
    try {
      url = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook must be an http(s) URL");
    }
    if (format == null) {
      format =
          "hooks.slack.com".equalsIgnoreCase(String.valueOf(url.getHost()))
              ? Format.SLACK
              : Format.GENERIC;
    }
    return new Webhook(url, format);
  }

  @Override
  public String toString() {
    return "Webhook[" + format.name().toLowerCase(Locale.ROOT) + " " + describe(url) + "]";
  }

  private static String describe(URI url) {
    return (url.getScheme() == null ? "" : url.getScheme() + "://")
        + (url.getHost() == null ? "?" : url.getHost())
        + "/…";
  }
}
