package dev.kintsugi.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a forge's refusal into a {@link ForgeException} whose one line says which forge, which
 * call, what the status means for Kintsugi and what the forge said (cleaned, at most 200
 * characters, never the token).
 */
final class Failures {

  private static final int SAID_LIMIT = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ForgeTarget target;
  private final String token;

  Failures(ForgeTarget target, String token) {
    this.target = target;
    this.token = token;
  }

  /** The forge answered {@code status} to {@code action} (e.g. "opening a pull request"). */
  ForgeException refused(String action, int status, String forgeMessage) {
    ForgeKind kind = target.kind();
    String on = action + " on " + target.repository();
    String noun = kind.requestNoun();
    String text =
        switch (status) {
          case 401 ->
              kind + " refused the token (401 Unauthorized) " + on + ": check " + Forges.TOKEN_ENV;
          case 403 ->
              kind
                  + " denied the token (403 Forbidden) "
                  + on
                  + ": the token lacks a permission (contents, "
                  + noun
                  + "s, issues) or a rate limit was hit";
          case 404 ->
              kind
                  + " found no such repository, branch or "
                  + noun
                  + " (404 Not Found) "
                  + on
                  + ": check --forge-repo and --forge-url, and that the token can see the"
                  + " repository";
          case 405, 406 ->
              kind
                  + " would not do it ("
                  + status
                  + " "
                  + reason(status)
                  + ") "
                  + on
                  + ": the "
                  + noun
                  + " is not mergeable (conflicts, required checks or reviews, or already"
                  + " merged or closed)";
          case 409 ->
              kind
                  + " reported a conflict (409 Conflict) "
                  + on
                  + ": the head branch moved, or a "
                  + noun
                  + " for the branch already exists";
          case 422 ->
              kind
                  + " rejected the request (422 Unprocessable Entity) "
                  + on
                  + ": a "
                  + noun
                  + " for the branch may already exist, the branches may have no commits"
                  + " between them, or a branch is missing";
          case 429 ->
              kind + " rate-limited the token (429 Too Many Requests) " + on + ": try again later";
          default ->
              status >= 500
                  ? kind
                      + " failed ("
                      + status
                      + " "
                      + reason(status)
                      + ") "
                      + on
                      + ": try again later"
                  : kind + " answered " + status + " " + reason(status) + " " + on;
        };
    return new ForgeException(text + said(forgeMessage), status);
  }

  /** No answer: the forge could not be reached (connection refused, timeout, TLS). */
  ForgeException unreachable(String action, String cause) {
    return new ForgeException(
        "could not reach "
            + target.kind()
            + " at "
            + target.apiUrl()
            + " "
            + action
            + " on "
            + target.repository()
            + ": "
            + Untrusted.clean(cause == null ? "no answer" : cause, SAID_LIMIT, token)
            + " (check --forge-url)",
        0);
  }

  /** An answer Kintsugi cannot use (missing fields). */
  ForgeException unexpected(String action, String what) {
    return new ForgeException(
        target.kind()
            + " answered "
            + action
            + " on "
            + target.repository()
            + " without "
            + what
            + " (is --forge-url the "
            + target.kind()
            + " API?)",
        0);
  }

  private String said(String forgeMessage) {
    String said = Untrusted.clean(forgeMessage, SAID_LIMIT, token);
    return said.isEmpty() ? "" : " (" + target.kind() + " said: \"" + said + "\")";
  }

  /**
   * The words in a forge's JSON error body: {@code message}, plus GitHub's {@code errors[]} and
   * Gitea's {@code errors} ("Validation Failed: A pull request already exists for ..."). Text that
   * is not JSON is kept as it is (cleaned later).
   */
  static String messageOf(String body) {
    if (body == null) {
      return "";
    }
    int start = body.indexOf('{');
    if (start < 0) {
      return body;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body.substring(start));
    } catch (Exception e) {
      return body;
    }
    if (json == null || !json.isObject()) {
      return body;
    }
    List<String> parts = new ArrayList<>();
    JsonNode message = json.path("message");
    if (message.isTextual()) {
      parts.add(message.asText());
    } else if (!message.isMissingNode() && !message.isNull()) {
      parts.add(message.toString());
    }
    for (JsonNode error : json.path("errors")) {
      if (error.isTextual()) {
        parts.add(error.asText());
      } else if (error.path("message").isTextual()) {
        parts.add(error.path("message").asText());
      } else if (error.has("field")) {
        parts.add(
            error.path("resource").asText("")
                + " "
                + error.path("field").asText("")
                + " "
                + error.path("code").asText(""));
      }
    }
    if (parts.isEmpty() && json.path("error").isTextual()) {
      parts.add(json.path("error").asText());
    }
    return String.join(": ", parts);
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 423 -> "Locked";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
