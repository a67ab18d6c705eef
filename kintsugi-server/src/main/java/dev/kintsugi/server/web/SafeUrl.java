package dev.kintsugi.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Links built from untrusted text: only absolute http(s) URLs with a host become links. */
final class SafeUrl {
  private SafeUrl() {}

  /** The URL, when it may be a link's {@code href}; empty otherwise (show it as text). */
  static Optional<String> http(String url) {
    if (url == null || url.isBlank() || url.length() > 2000) {
      return Optional.empty();
    }
    try {
      URI u = new URI(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return Optional.of(u.toString());
      }
    } catch (URISyntaxException e) {
      // not a URL: shown as text
    }
    return Optional.empty();
  }
}
