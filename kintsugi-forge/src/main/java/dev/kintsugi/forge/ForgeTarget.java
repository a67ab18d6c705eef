package dev.kintsugi.forge;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where pull requests go.
 *
 * @param apiUrl the forge's REST API root, e.g. {@code https://api.github.com}, {@code
 *     https://github.example.com/api/v3}, {@code https://gitlab.example.com/api/v4}, {@code
 *     https://gitea.example.com/api/v1}; no trailing slash, no credentials
 * @param repository {@code OWNER/NAME}; GitLab: {@code GROUP/SUBGROUP/.../NAME}
 */
public record ForgeTarget(ForgeKind kind, URI apiUrl, String repository) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^/:]+):(.*)$");

  public ForgeTarget {
    Objects.requireNonNull(kind, "kind");
    apiUrl = checkedApiUrl(apiUrl);
    try {
      repository = checkedRepository(kind, repository);
    } catch (ForgeException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Infers the target from the {@code origin} remote's URL ({@code https://github.com/o/n.git},
   * {@code git@github.com:o/n.git}, {@code ssh://git@host:2222/o/n}, {@code
   * https://gitlab.com/g/s/n}, {@code http://host:3000/o/n.git}, ...); each of the three parts may
   * be given instead ({@code --forge}, {@code --forge-url}, {@code --forge-repo}).
   *
   * <p>The forge comes from the host: {@code github.com} is GitHub ({@code
   * https://api.github.com}); a host containing "gitlab" is GitLab ({@code /api/v4}); one
   * containing "gitea", "forgejo" or "codeberg" is Gitea ({@code /api/v1}); one containing "github"
   * is GitHub Enterprise ({@code /api/v3}). Any other host needs {@code --forge}; a local path
   * needs all three.
   *
   * @throws ForgeException naming what is wrong and the flag that fixes it
   */
  public static ForgeTarget infer(
      String originUrl, Optional<ForgeKind> kind, Optional<URI> apiUrl, Optional<String> repository)
      throws ForgeException {
    if (kind.isPresent() && apiUrl.isPresent() && repository.isPresent()) {
      return of(kind.get(), apiUrl.get(), repository.get());
    }
    Optional<Remote> remote = Remote.parse(originUrl);
    if (remote.isEmpty()) {
      List<String> missing = new ArrayList<>();
      kind.ifPresentOrElse(k -> {}, () -> missing.add("--forge"));
      apiUrl.ifPresentOrElse(u -> {}, () -> missing.add("--forge-url"));
      repository.ifPresentOrElse(r -> {}, () -> missing.add("--forge-repo"));
      throw new ForgeException(
          "origin is a local path ("
              + Untrusted.location(originUrl)
              + "), so the forge cannot be told from it: give "
              + String.join(", ", missing)
              + " (a local origin needs --forge, --forge-url and --forge-repo)");
    }
    Remote origin = remote.get();
    ForgeKind forge = kind.isPresent() ? kind.get() : kindOf(origin);
    URI api = apiUrl.isPresent() ? apiUrl.get() : apiUrlOf(forge, origin);
    String repo = repository.isPresent() ? repository.get() : origin.path();
    if (repository.isEmpty()) {
      try {
        checkedRepository(forge, repo);
      } catch (ForgeException e) {
        throw new ForgeException(
            "cannot tell the repository from origin "
                + Untrusted.location(originUrl)
                + " ("
                + e.getMessage()
                + "): give --forge-repo");
      }
    }
    return of(forge, api, repo);
  }

  private static ForgeTarget of(ForgeKind kind, URI apiUrl, String repository)
      throws ForgeException {
    checkedRepository(kind, repository);
    try {
      return new ForgeTarget(kind, apiUrl, repository);
    } catch (IllegalArgumentException e) {
      throw new ForgeException(e.getMessage());
    }
  }

  private static ForgeKind kindOf(Remote origin) throws ForgeException {
    String host = origin.host();
    if (isGitHubCom(host)) {
      return ForgeKind.GITHUB;
    }
    if (host.contains("gitlab")) {
      return ForgeKind.GITLAB;
    }
    if (host.contains("gitea") || host.contains("forgejo") || host.contains("codeberg")) {
      return ForgeKind.GITEA;
    }
    if (host.contains("github")) {
      return ForgeKind.GITHUB; // GitHub Enterprise Server
    }
    throw new ForgeException(
        "cannot tell which forge hosts origin's host "
            + Untrusted.clean(host, 100)
            + ": give --forge github|gitlab|gitea");
  }

  private static boolean isGitHubCom(String host) {
    return host.equals("github.com") || host.equals("www.github.com");
  }

  private static URI apiUrlOf(ForgeKind kind, Remote origin) {
    if (kind == ForgeKind.GITHUB && isGitHubCom(origin.host())) {
      return URI.create("https://api.github.com");
    }
    // An ssh or git:// origin says nothing of the web port: the API is on https's default one.
    boolean web = origin.scheme().equals("http") || origin.scheme().equals("https");
    String root =
        (web ? origin.scheme() : "https")
            + "://"
            + (origin.host().contains(":") ? "[" + origin.host() + "]" : origin.host())
            + (web && origin.port() > 0 ? ":" + origin.port() : "");
    return URI.create(
        root
            + switch (kind) {
              case GITHUB -> "/api/v3";
              case GITLAB -> "/api/v4";
              case GITEA -> "/api/v1";
            });
  }

  private static URI checkedApiUrl(URI apiUrl) {
    Objects.requireNonNull(apiUrl, "apiUrl");
    String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || apiUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--forge-url must be an http(s) URL of the forge's API, e.g."
              + " https://gitlab.example.com/api/v4: got "
              + Untrusted.location(apiUrl.toString()));
    }
    if (apiUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "--forge-url must not carry credentials (the token comes from "
              + Forges.TOKEN_ENV
              + "): got "
              + Untrusted.location(apiUrl.toString()));
    }
    if (apiUrl.getRawQuery() != null || apiUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "--forge-url must be the API's root, without query or fragment: got "
              + Untrusted.location(apiUrl.toString()));
    }
    String text = apiUrl.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static String checkedRepository(ForgeKind kind, String repository) throws ForgeException {
    String shape =
        kind == ForgeKind.GITLAB
            ? "GROUP/.../NAME"
            : "OWNER/NAME"; // GitHub and Gitea have exactly one owner level
    if (repository == null) {
      throw new ForgeException("the repository must be " + shape);
    }
    String[] segments = repository.split("/", -1);
    boolean valid = kind == ForgeKind.GITLAB ? segments.length >= 2 : segments.length == 2;
    for (String segment : segments) {
      valid &= SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }
    if (!valid) {
      throw new ForgeException(
          "the repository must be "
              + shape
              + " of letters, digits, '.', '-' and '_': got '"
              + Untrusted.clean(repository, 100)
              + "'");
    }
    return repository;
  }

  /** A remote URL taken apart; empty for a local path. */
  private record Remote(String scheme, String host, int port, String path) {

    static Optional<Remote> parse(String url) throws ForgeException {
      if (url == null || url.isBlank()) {
        throw new ForgeException("origin has no URL: give --forge, --forge-url and --forge-repo");
      }
      String text = url.strip();
      if (text.contains("://")) {
        URI uri;
        try {
          uri = new URI(text);
        } catch (URISyntaxException e) {
          throw new ForgeException(
              "cannot read origin's URL "
                  + Untrusted.location(text)
                  + ": give --forge-url and --forge-repo");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
          return Optional.empty();
        }
        if (uri.getHost() == null || uri.getPath() == null) {
          throw new ForgeException(
              "cannot read origin's URL "
                  + Untrusted.location(text)
                  + ": give --forge-url and --forge-repo");
        }
        return Optional.of(
            new Remote(
                scheme.contains("ssh") ? "ssh" : scheme,
                uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", ""),
                uri.getPort(),
                repositoryPath(uri.getPath())));
      }
      var scp = SCP_LIKE.matcher(text);
      // "C:/repo" is a Windows path, not host "C"; git reads it so too.
      if (scp.matches() && scp.group(1).length() > 1) {
        return Optional.of(
            new Remote(
                "ssh", scp.group(1).toLowerCase(Locale.ROOT), -1, repositoryPath(scp.group(2))));
      }
      return Optional.empty();
    }

    private static String repositoryPath(String path) {
      String p = path.strip();
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.endsWith(".git")) {
        p = p.substring(0, p.length() - 4);
      }
      return p;
    }
  }
}
