package dev.kintsugi.forge;

import java.util.Locale;

/** The kinds of forge Kintsugi opens pull requests on. Stable. */
public enum ForgeKind {
  GITHUB("GitHub", "pull request", "#"),
  GITLAB("GitLab", "merge request", "!"),
  /** Gitea and its fork Forgejo, which keep Gitea's API. */
  GITEA("Gitea", "pull request", "#");

  private final String displayName;
  private final String requestNoun;
  private final String numberPrefix;

  ForgeKind(String displayName, String requestNoun, String numberPrefix) {
    this.displayName = displayName;
    this.requestNoun = requestNoun;
    this.numberPrefix = numberPrefix;
  }

  /**
   * Reads a {@code --forge} value: {@code github}, {@code gitlab}, {@code gitea} or {@code forgejo}
   * (any case).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ForgeKind parse(String value) {
    String name = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "github" -> GITHUB;
      case "gitlab" -> GITLAB;
      case "gitea", "forgejo" -> GITEA;
      default ->
          throw new IllegalArgumentException(
              "unknown forge '"
                  + Untrusted.clean(value == null ? "" : value, 40)
                  + "' (--forge): expected github, gitlab, gitea or forgejo");
    };
  }

  /** The forge's name as people write it, for messages: "GitHub", "GitLab", "Gitea". */
  public String displayName() {
    return displayName;
  }

  /** What the forge calls a request: "pull request" or (GitLab) "merge request". */
  public String requestNoun() {
    return requestNoun;
  }

  /** How the forge writes a request's number in text: "pull request #3", "merge request !3". */
  public String describe(int number) {
    return requestNoun + " " + numberPrefix + number;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
