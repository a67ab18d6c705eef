package dev.kintsugi.server.api;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which repositories a project may register; healing checks them out, builds and runs their tests,
 * so a registration must not point the server at arbitrary local files or make git run a command:
 *
 * <ul>
 *   <li>an absolute path to an existing directory under one of the configured repository roots,
 *       after resolving {@code ..} and symbolic links (stored resolved); refused when no root is
 *       configured
 *   <li>{@code https://host/path} without credentials (they would be stored and shown)
 *   <li>{@code ssh://[user@]host[:port]/path} or scp-like {@code user@host:path}
 * </ul>
 *
 * Everything else is refused: relative paths, {@code file://}, {@code git://}, {@code ext::} and
 * other transports, a leading {@code -} or a host starting with one (git option injection),
 * whitespace and control characters, more than {@value #MAX_LENGTH} characters. The REST API and
 * the dashboard's project form check with the same policy.
 */
public final class RepoPolicy {

  static final int MAX_LENGTH = 2000;

  public static final String ALLOWED =
      "an absolute path under a repository root (--repo-root), an https:// or ssh:// git URL,"
          + " or user@host:path";

  /** scp-like git address; the host part must not look like an option. */
  private static final Pattern SCP =
      Pattern.compile("([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(.+)");

  private final List<Path> roots;

  private RepoPolicy(List<Path> roots) {
    this.roots = roots;
  }

  /**
   * @param roots directories local repositories must be under; each must exist
   * @throws IllegalArgumentException naming a root that is not an existing directory
   */
  public static RepoPolicy of(List<Path> roots) {
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      try {
        Path r = root.toRealPath();
        if (!Files.isDirectory(r)) {
          throw new IllegalArgumentException("repository root " + root + " is not a directory");
        }
        real.add(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("repository root " + root + " does not exist", e);
      }
    }
    return new RepoPolicy(List.copyOf(real));
  }

  /**
   * The value to store for a registered {@code repo}, empty for none.
   *
   * @throws FieldError {@code repo}, saying what is allowed
   */
  public Optional<String> check(String repo) {
    String r = repo.strip();
    if (r.isEmpty()) {
      return Optional.empty();
    }
    if (r.length() > MAX_LENGTH) {
      throw bad("is too long (" + r.length() + " characters, at most " + MAX_LENGTH + ")");
    }
    if (r.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw bad("must not contain whitespace or control characters");
    }
    if (r.startsWith("-")) {
      throw bad("must not start with '-'");
    }
    if (r.startsWith("https://") || r.startsWith("ssh://")) {
      return Optional.of(url(r));
    }
    Matcher scp = SCP.matcher(r);
    if (scp.matches()) {
      if (scp.group(2).startsWith("-")) {
        throw bad("has a host that starts with '-'");
      }
      return Optional.of(r);
    }
    if (r.startsWith("/")) {
      return Optional.of(local(r));
    }
    throw bad("must be " + ALLOWED + "; was '" + shown(r) + "'");
  }

  private static String url(String r) {
    URI uri;
    try {
      uri = new URI(r);
    } catch (URISyntaxException e) {
      throw bad("is not a valid URL: " + e.getReason());
    }
    if (uri.getHost() == null || uri.getHost().startsWith("-")) {
      throw bad("must name a host (" + shown(r) + ")");
    }
    String user = uri.getRawUserInfo();
    if (user != null && (uri.getScheme().equals("https") || user.contains(":"))) {
      throw bad(
          "must not carry credentials: they would be stored; give the server git credentials"
              + " (an SSH key or a credential helper) instead");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw bad("must not have a query or fragment");
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw bad("must name a repository path on " + uri.getHost());
    }
    return r;
  }

  private String local(String r) {
    if (roots.isEmpty()) {
      throw bad(
          "is a local path, and this server accepts none: start it with --repo-root DIR to allow"
              + " repositories under DIR, or register an https:// or ssh:// git URL");
    }
    Path real;
    try {
      real = Path.of(r).toRealPath();
    } catch (NoSuchFileException | InvalidPathException e) {
      throw bad("'" + shown(r) + "' does not exist");
    } catch (IOException e) {
      throw bad("'" + shown(r) + "' cannot be read: " + e.getMessage());
    }
    // The real path: '..' and symbolic links cannot lead out of a root.
    if (roots.stream().noneMatch(real::startsWith)) {
      throw bad("'" + shown(r) + "' is not under a repository root (" + rootList() + ")");
    }
    if (!Files.isDirectory(real)) {
      throw bad("'" + shown(r) + "' is not a directory");
    }
    return real.toString();
  }

  private String rootList() {
    return String.join(", ", roots.stream().map(Path::toString).toList());
  }

  /** Enough of a refused value to recognise it, not a page of it. */
  private static String shown(String r) {
    return r.length() <= 200 ? r : r.substring(0, 200) + "...";
  }

  private static FieldError bad(String problem) {
    return new FieldError("repo", "repo " + problem);
  }
}
