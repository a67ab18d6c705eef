package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectsPageTest {
  static final String TOKEN = "projects-page-token";

  @TempDir Path roots;
  KintsugiServer server;
  WebClient web;
  ServerApi api;

  @BeforeEach
  void start() throws Exception {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:projects-" + System.nanoTime())
                .adminToken(TOKEN)
                .repoRoot(roots)
                .build());
    web = new WebClient(server.port());
    api = new ServerApi(server.port(), TOKEN);
    web.signIn(TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> form(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  /** Creates a project through the form; returns its id. */
  private long create(Map<String, String> fields) throws Exception {
    HttpResponse<String> r = web.post("/projects", fields);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/projects/\\d+\\?done=created");
    return Long.parseLong(location.substring("/projects/".length(), location.indexOf('?')));
  }

  @Test
  void aProjectCreatedThroughTheFormShowsTheRestApisDsnInEverySnippet() throws Exception {
    Document empty = web.page("/projects");
    assertThat(empty.selectFirst("#projects").text()).contains("No projects yet");
    Element newProject = empty.selectFirst("form#new-project");
    assertThat(newProject.attr("method")).isEqualTo("post");
    assertThat(newProject.selectFirst("input[name=_csrf]").val()).isNotBlank();
    assertThat(newProject.selectFirst("label[for=project-name]")).isNotNull();

    String local = Files.createDirectories(roots.resolve("shop")).toRealPath().toString();
    long id =
        create(
            form(
                "name", "  shop ",
                "repo", local,
                "inAppPrefixes", "com.acme.shop, com.acme.common  org.x",
                "autoHeal", "threshold",
                "healThreshold", "3"));

    JsonNode rest = api.get("/projects/" + id);
    assertThat(rest.get("name").asText()).isEqualTo("shop");
    assertThat(rest.get("repo").asText()).isEqualTo(local);
    assertThat(rest.get("inAppPrefixes"))
        .extracting(JsonNode::asText)
        .containsExactly("com.acme.shop", "com.acme.common", "org.x");
    assertThat(rest.get("autoHeal").asText()).isEqualTo("threshold");
    assertThat(rest.get("healThreshold").asInt()).isEqualTo(3);

    Document page = web.page("/projects/" + id + "?done=created");
    String dsn = rest.get("dsn").asText();
    assertThat(page.selectFirst("#project-title").text()).isEqualTo("shop");
    assertThat(page.selectFirst("#notice").text()).contains("Project created");
    assertThat(page.selectFirst("code#dsn").text()).isEqualTo(dsn);
    assertThat(page.selectFirst("button#copy-dsn").attr("data-copy")).isEqualTo("dsn");
    assertThat(page.selectFirst("#project-repo").text()).isEqualTo(local);
    assertThat(page.selectFirst("#project-packages").text())
        .isEqualTo("com.acme.shop com.acme.common org.x");

    Element snippets = page.selectFirst("#snippets");
    assertThat(snippets.selectFirst("code.language-bash").wholeText())
        .contains(
            "-javaagent:kintsugi-agent.jar=dsn="
                + dsn
                + ",packages=com.acme.shop;com.acme.common;org.x");
    assertThat(snippets.selectFirst("code.language-java").wholeText())
        .contains("Sentry.init(options -> {")
        .contains("options.setDsn(\"" + dsn + "\");")
        .contains("options.addInAppInclude(\"com.acme.common\");");
    assertThat(snippets.selectFirst("code.language-xml").wholeText())
        .contains("<groupId>io.sentry</groupId>")
        .contains("<artifactId>sentry</artifactId>");
    assertThat(snippets.selectFirst("code.language-javascript").wholeText())
        .contains("from \"@sentry/browser\"")
        .contains("dsn: \"" + dsn + "\"");
    assertThat(snippets.selectFirst("code.language-python").wholeText())
        .contains("sentry_sdk.init(dsn=\"" + dsn + "\")");
    for (Element copy : snippets.select("button[data-copy]")) {
      assertThat(page.getElementById(copy.attr("data-copy"))).isNotNull();
    }

    Document list = web.page("/projects");
    Element row = list.selectFirst("#projects tr[data-project=" + id + "]");
    assertThat(row.selectFirst("a.title").attr("href")).isEqualTo("/projects/" + id);
    assertThat(row.selectFirst("a[href=/?project=" + id + "]").text()).isEqualTo("0 incidents");
    assertThat(row.text()).contains("once an incident has 3 events");

    // Incidents are counted by status in the list.
    String key = ServerApi.key(dsn);
    assertThat(api.event(id, key, "a".repeat(32), "charge")).isEqualTo(200);
    assertThat(api.event(id, key, "b".repeat(32), "refund")).isEqualTo(200);
    assertThat(api.get("/projects/" + id + "/incidents").size()).isEqualTo(2);
    Element counted = web.page("/projects").selectFirst("#projects tr[data-project=" + id + "]");
    assertThat(counted.selectFirst("a[href=/?project=" + id + "]").text()).isEqualTo("2 incidents");
    assertThat(counted.selectFirst("[data-status=open]").text()).isEqualTo("2 open");
  }

  @Test
  void aRefusedFieldIsNamedNextToItAndNothingIsCreated() throws Exception {
    Object[][] bad = {
      {form("name", "   "), "name", "name must be 1-200 characters"},
      {form("name", "a\u202eb"), "name", "name must not contain control or formatting"},
      {form("name", "x", "repo", "file:///etc/passwd"), "repo", "repo must be an absolute path"},
      {form("name", "x", "repo", "/etc"), "repo", "is not under a repository root"},
      {form("name", "x", "repo", "https://u:p@git.example/a.git"), "repo", "credentials"},
      {form("name", "x", "inAppPrefixes", "com..acme"), "inAppPrefixes", "Java package names"},
      {form("name", "x", "autoHeal", "always"), "autoHeal", "off, new, threshold"},
      {
        form("name", "x", "autoHeal", "threshold", "healThreshold", "zero"),
        "healThreshold",
        "healThreshold must be a whole number 1-1000000"
      },
    };
    for (Object[] b : bad) {
      @SuppressWarnings("unchecked")
      Map<String, String> fields = (Map<String, String>) b[0];
      String field = (String) b[1];
      HttpResponse<String> r = web.post("/projects", fields);
      assertThat(r.statusCode()).as(fields + " → " + r.body()).isEqualTo(400);
      Document page = org.jsoup.Jsoup.parse(r.body());
      Element error = page.getElementById("new-project-" + field + "-error");
      assertThat(error).as(fields.toString()).isNotNull();
      assertThat(error.text()).contains((String) b[2]);
      assertThat(page.select("form#new-project .field-error")).hasSize(1);
      Element input = page.selectFirst("form#new-project [name=" + field + "]");
      assertThat(input.attr("aria-invalid")).isEqualTo("true");
      assertThat(input.attr("aria-describedby")).contains(error.id());
      assertThat(page.selectFirst("#project-name").val()).isEqualTo(fields.get("name"));
    }
    assertThat(api.get("/projects").size()).isZero();
  }

  @Test
  void rotatingTheKeyChangesTheDsnAndIngestRefusesTheOldKey() throws Exception {
    long id = create(form("name", "billing"));
    String before = web.page("/projects/" + id).selectFirst("#dsn").text();
    assertThat(api.event(id, ServerApi.key(before), "1".repeat(32), "f")).isEqualTo(200);
    Element rotate = web.page("/projects/" + id).selectFirst("#rotate-key").closest("form");
    assertThat(rotate.attr("hx-confirm")).contains("stops working");
    assertThat(rotate.attr("action")).isEqualTo("/projects/" + id + "/rotate-key");

    HttpResponse<String> r = web.post("/projects/" + id + "/rotate-key", Map.of());
    assertThat(r.statusCode()).isEqualTo(303);
    Document after = web.page(r.headers().firstValue("Location").orElseThrow());
    String dsn = after.selectFirst("#dsn").text();
    assertThat(dsn).isNotEqualTo(before).isEqualTo(api.get("/projects/" + id).get("dsn").asText());
    assertThat(after.selectFirst("#notice").text()).contains("Key rotated");
    assertThat(after.selectFirst("#snippets").text()).contains(dsn).doesNotContain(before);

    assertThat(api.event(id, ServerApi.key(before), "2".repeat(32), "f")).isEqualTo(401);
    assertThat(api.event(id, ServerApi.key(dsn), "3".repeat(32), "f")).isEqualTo(200);

    // As htmx sends it (hx-post with the CSRF header): told where to go rather than redirected.
    HttpResponse<String> hx =
        web.http.send(
            HttpRequest.newBuilder(URI.create(web.base + "/projects/" + id + "/rotate-key"))
                .header("HX-Request", "true")
                .header(WebAuth.CSRF_HEADER, web.csrf())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(hx.statusCode()).isEqualTo(200);
    assertThat(hx.headers().firstValue("HX-Redirect")).hasValue("/projects/" + id + "?done=key");
    assertThat(api.get("/projects/" + id).get("dsn").asText()).isNotEqualTo(dsn);
  }

  @Test
  void autoHealChangesPersistAndARefusedOneChangesNothing() throws Exception {
    long id = create(form("name", "svc"));
    assertThat(web.page("/projects/" + id).selectFirst("#auto-heal-mode option[selected]").val())
        .isEqualTo("new");

    HttpResponse<String> r =
        web.post(
            "/projects/" + id + "/auto-heal", form("autoHeal", "threshold", "healThreshold", "5"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(api.get("/projects/" + id).get("autoHeal").asText()).isEqualTo("threshold");
    assertThat(api.get("/projects/" + id).get("healThreshold").asInt()).isEqualTo(5);
    Document page = web.page("/projects/" + id + "?done=auto-heal");
    assertThat(page.selectFirst("#auto-heal-mode option[selected]").val()).isEqualTo("threshold");
    assertThat(page.selectFirst("#auto-heal-threshold").val()).isEqualTo("5");
    assertThat(page.selectFirst("#project-auto-heal").text())
        .isEqualTo("once an incident has 5 events");

    HttpResponse<String> refused =
        web.post(
            "/projects/" + id + "/auto-heal", form("autoHeal", "threshold", "healThreshold", "0"));
    assertThat(refused.statusCode()).isEqualTo(400);
    Document again = org.jsoup.Jsoup.parse(refused.body());
    assertThat(again.getElementById("auto-heal-healThreshold-error").text())
        .contains("healThreshold must be a whole number");
    assertThat(again.selectFirst("#auto-heal-threshold").val()).isEqualTo("0");
    assertThat(api.get("/projects/" + id).get("healThreshold").asInt()).isEqualTo(5);

    assertThat(web.post("/projects/" + id + "/auto-heal", form("autoHeal", "off")).statusCode())
        .isEqualTo(303);
    assertThat(api.get("/projects/" + id).get("autoHeal").asText()).isEqualTo("off");
  }

  @Test
  void deliveryAndPolicyAreSavedAndABadPolicyIsNamedAndSavesNothing() throws Exception {
    long id = create(form("name", "svc"));
    Document page = web.page("/projects/" + id);
    assertThat(page.selectFirst("#forge-token").text()).isEqualTo("missing");
    assertThat(page.selectFirst("form#delivery textarea#policy")).isNotNull();
    assertThat(page.selectFirst("#heal-budgets").text()).contains("Heals per hour 12");

    String policy =
        "thresholds:\n  production:\n    critical: { autoMerge: 0.97, requireApproval: 0.5 }\n";
    Map<String, String> good =
        form(
            "mode", "branch",
            "forge", "gitea",
            "forgeUrl", "https://git.example/api/v1/",
            "forgeRepo", "acme/shop",
            "base", "main",
            "environment", "",
            "criticality", "critical",
            "policy", policy);
    assertThat(web.post("/projects/" + id + "/delivery", good).statusCode()).isEqualTo(303);
    JsonNode stored = api.get("/projects/" + id + "/delivery");
    assertThat(stored.get("forgeUrl").asText()).isEqualTo("https://git.example/api/v1");
    assertThat(stored.get("base").asText()).isEqualTo("main");
    assertThat(stored.get("environment").isNull()).isTrue();
    assertThat(stored.get("criticality").asText()).isEqualTo("critical");
    assertThat(stored.get("policy").asText()).isEqualTo(policy);
    Document saved = web.page("/projects/" + id);
    assertThat(saved.selectFirst("#policy").wholeText()).isEqualTo(policy);
    assertThat(saved.selectFirst("#delivery-forge option[selected]").val()).isEqualTo("gitea");

    Map<String, String> badPolicy = new LinkedHashMap<>(good);
    badPolicy.put("base", "release");
    badPolicy.put("policy", "thresholds: { production: { critical: { autoMerge: 2 } } }");
    HttpResponse<String> r = web.post("/projects/" + id + "/delivery", badPolicy);
    assertThat(r.statusCode()).isEqualTo(400);
    Document refused = org.jsoup.Jsoup.parse(r.body());
    assertThat(refused.getElementById("delivery-policy-error").text())
        .contains(
            "policy: thresholds.production.critical.autoMerge must be a number in [0, 1], was 2");
    assertThat(refused.selectFirst("#policy").attr("aria-invalid")).isEqualTo("true");
    assertThat(refused.selectFirst("#policy").wholeText()).contains("autoMerge: 2");
    assertThat(refused.selectFirst("#delivery-base").val()).isEqualTo("release");
    JsonNode unchanged = api.get("/projects/" + id + "/delivery");
    assertThat(unchanged.get("base").asText()).isEqualTo("main");
    assertThat(unchanged.get("policy").asText()).isEqualTo(policy);

    Map<String, String> pr = new LinkedHashMap<>(good);
    pr.put("mode", "pr");
    HttpResponse<String> noToken = web.post("/projects/" + id + "/delivery", pr);
    assertThat(noToken.statusCode()).isEqualTo(400);
    assertThat(org.jsoup.Jsoup.parse(noToken.body()).getElementById("delivery-mode-error").text())
        .contains("KINTSUGI_FORGE_TOKEN");
    assertThat(api.get("/projects/" + id + "/delivery").get("mode").asText()).isEqualTo("branch");

    // A blank policy clears it: the repository's own applies again.
    Map<String, String> cleared = new LinkedHashMap<>(good);
    cleared.put("policy", "  \n");
    assertThat(web.post("/projects/" + id + "/delivery", cleared).statusCode()).isEqualTo(303);
    assertThat(api.get("/projects/" + id + "/delivery").get("policy").isNull()).isTrue();
  }

  @Test
  void changesWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
    long id = create(form("name", "svc"));
    String dsn = api.get("/projects/" + id).get("dsn").asText();
    assertThat(web.postRaw("/projects", form("name", "sneaky"), null, web.base).statusCode())
        .isEqualTo(403);
    assertThat(
            web.postRaw("/projects/" + id + "/rotate-key", Map.of(), null, web.base).statusCode())
        .isEqualTo(403);
    assertThat(
            web.postRaw("/projects/" + id + "/auto-heal", form("autoHeal", "off"), null, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            web.postRaw("/projects/" + id + "/delivery", form("mode", "branch"), "nope", web.base)
                .statusCode())
        .isEqualTo(403);
    assertThat(api.get("/projects").size()).isEqualTo(1);
    assertThat(api.get("/projects/" + id).get("dsn").asText()).isEqualTo(dsn);
    assertThat(api.get("/projects/" + id).get("autoHeal").asText()).isEqualTo("new");

    // The plain form's hidden field is enough (no header), as a browser without script sends it.
    String csrf = web.page("/projects").selectFirst("#new-project input[name=_csrf]").val();
    HttpResponse<String> plain =
        web.postRaw("/projects", form("name", "plain", "_csrf", csrf), null, web.base);
    assertThat(plain.statusCode()).isEqualTo(303);
  }

  @Test
  void aHostileProjectNameRendersAsText() throws Exception {
    String name = "<script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3)";
    long id = create(form("name", name));
    for (Document page : new Document[] {web.page("/projects"), web.page("/projects/" + id)}) {
      assertThat(page.select("script:not([src])")).isEmpty();
      assertThat(page.select("img")).isEmpty();
      assertThat(page.select("[onerror]")).isEmpty();
      assertThat(page.select("a[href^=javascript]")).isEmpty();
      assertThat(page.text()).contains(name);
    }
    assertThat(web.page("/projects/" + id).selectFirst("#project-title").text()).isEqualTo(name);
    assertThat(web.page("/projects").selectFirst("tr[data-project=" + id + "] a.title").text())
        .isEqualTo(name);
  }

  @Test
  void anUnknownProjectIsNotFound() throws Exception {
    assertThat(web.get("/projects/999").statusCode()).isEqualTo(404);
    assertThat(web.get("/projects/abc").statusCode()).isEqualTo(404);
    assertThat(web.post("/projects/999/rotate-key", Map.of()).statusCode()).isEqualTo(404);
  }
}
