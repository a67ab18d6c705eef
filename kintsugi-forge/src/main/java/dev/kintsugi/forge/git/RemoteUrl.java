package dev.kintsugi.forge.git;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** What a remote URL is, for choosing how to push to it and whether it may get the token. */
final class RemoteUrl {

  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^/:]{2,}):.*$");

  private RemoteUrl() {}

  /** ssh, by scheme or in git's scp-like form {@code [user@]host:path}. */
  static boolean isSsh(String url) {
    String text = url.strip();
    if (text.contains("://")) {
      String scheme = text.substring(0, text.indexOf("://")).toLowerCase(Locale.ROOT);
      return scheme.equals("ssh") || scheme.equals("git+ssh") || scheme.equals("ssh+git");
    }
    return SCP_LIKE.matcher(text).matches();
  }

  /**
   * The host the token may be sent to over this URL: https, or plain http to this machine only (a
   * forge on localhost); empty for anything else (ssh, git://, paths).
   */
  static Optional<String> tokenHost(String url) {
    URIish uri;
    try {
      uri = new URIish(url.strip());
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    if (scheme.equals("https") || scheme.equals("http") && isLoopback(host)) {
      return Optional.of(host);
    }
    return Optional.empty();
  }

  /** Whether git over {@code gitHost} belongs to the forge whose API is on {@code apiHost}. */
  static boolean sameForge(String gitHost, String apiHost) {
    String git = gitHost.toLowerCase(Locale.ROOT);
    String api = apiHost.toLowerCase(Locale.ROOT);
    return git.equals(api) || api.equals("api." + git);
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[?[0-9a-f:]+]?")) {
      return false; // a name: never resolved here
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
