package dev.kintsugi.forge;

/** Connects to a forge. */
public final class Forges {

  /** The only place the forge token comes from; it is never logged, stored or reported. */
  public static final String TOKEN_ENV = "KINTSUGI_FORGE_TOKEN";

  private Forges() {}

  /**
   * A forge client for the target, authenticated with the token. No request is made yet.
   *
   * @throws ForgeException if the token is missing or blank (naming {@link #TOKEN_ENV})
   */
  public static Forge connect(ForgeTarget target, String token) throws ForgeException {
    if (token == null || token.isBlank()) {
      throw new ForgeException(
          "no forge token: set "
              + TOKEN_ENV
              + " to a "
              + target.kind()
              + " token that may push to and open "
              + target.kind().requestNoun()
              + "s on "
              + target.repository());
    }
    String clean = token.strip();
    return switch (target.kind()) {
      case GITHUB -> new GitHubForge(target, clean);
      case GITLAB -> new GitLabForge(target, clean);
      case GITEA -> new GiteaForge(target, clean);
    };
  }
}
