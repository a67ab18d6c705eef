package dev.kintsugi.server.web;

import java.util.List;

/**
 * How to send a project's errors here, its DSN filled in: Kintsugi's Java agent (in-app packages
 * from the project), sentry-java with its Maven dependency, the browser and the Python SDK. Shown
 * as text (highlighted by the page's script), never as markup.
 */
final class SdkSnippets {
  /** The sentry-java version Kintsugi's ingest is tested with (the parent pom's). */
  static final String SENTRY_JAVA = "8.23.0";

  private SdkSnippets() {}

  /**
   * One snippet.
   *
   * @param id the code element's id (its copy button names it)
   * @param language highlight.js's name for it
   */
  record Snippet(String id, String title, String language, String code) {}

  static List<Snippet> of(String dsn, List<String> inAppPrefixes) {
    List<String> packages =
        inAppPrefixes.isEmpty()
            ? List.of("com.example.app")
            : inAppPrefixes.stream().map(SdkSnippets::packageName).toList();
    StringBuilder includes = new StringBuilder();
    for (String p : packages) {
      includes.append("  options.addInAppInclude(\"").append(p).append("\");\n");
    }
    return List.of(
        new Snippet(
            "snippet-agent",
            "Kintsugi Java agent (Java 11+)",
            "bash",
            "# kintsugi-agent/target/kintsugi-agent-*.jar, built with the rest of Kintsugi\n"
                + "java '-javaagent:kintsugi-agent.jar=dsn="
                + dsn
                + ",packages="
                + String.join(";", packages)
                + "' \\\n"
                + "  -jar your-app.jar\n"
                + "# or -Dkintsugi.dsn=… -Dkintsugi.packages=… (or KINTSUGI_DSN, KINTSUGI_PACKAGES);"
                + " also release, environment"),
        new Snippet(
            "snippet-sentry-java",
            "sentry-java",
            "java",
            "import io.sentry.Sentry;\n\n"
                + "Sentry.init(options -> {\n"
                + "  options.setDsn(\""
                + dsn
                + "\");\n"
                + "  options.setRelease(\"1a2b3c4\"); // the git commit or tag deployed: heals start"
                + " there\n"
                + includes
                + "});"),
        new Snippet(
            "snippet-sentry-maven",
            "sentry-java: Maven dependency",
            "xml",
            "<dependency>\n"
                + "  <groupId>io.sentry</groupId>\n"
                + "  <artifactId>sentry</artifactId>\n"
                + "  <version>"
                + SENTRY_JAVA
                + "</version>\n"
                + "</dependency>"),
        new Snippet(
            "snippet-javascript",
            "JavaScript (@sentry/browser)",
            "javascript",
            "import * as Sentry from \"@sentry/browser\";\n\n"
                + "Sentry.init({\n"
                + "  dsn: \""
                + dsn
                + "\",\n"
                + "});"),
        new Snippet(
            "snippet-python",
            "Python (sentry-sdk)",
            "python",
            "import sentry_sdk\n\nsentry_sdk.init(dsn=\"" + dsn + "\")"));
  }

  /** A package as the SDKs take it: an in-app prefix without its trailing dot. */
  private static String packageName(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
