package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop's runtime controls: health, metrics, faults and the feature-flag file. */
class RuntimeControlsTest {

  // One server for the class: stopping the JDK's server waits for idle connections.
  @TempDir static Path dir;

  private static final HttpClient http = HttpClient.newHttpClient();
  private static final Faults faults = new Faults();
  private static Path flagFile;
  private static ShopServer shop;

  @BeforeAll
  static void start() throws IOException {
    flagFile = dir.resolve("flags.json");
    writeFlag("off");
    shop =
        ShopServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            Catalog.sample(),
            Inventory.sample(),
            OrderBook.sample(),
            faults,
            new Flags(flagFile));
  }

  @AfterAll
  static void stop() {
    shop.stop();
  }

  @AfterEach
  void faultsOff() throws IOException {
    for (Faults.Kind kind : Faults.Kind.values()) {
      faults.switchOff(kind);
    }
    writeFlag("off");
  }

  @Test
  void healthIsUpUntilTheLeakPassesItsLimit() throws Exception {
    assertEquals(200, get("/health").statusCode());
    assertTrue(get("/health").body().contains("\"UP\""));
    send("POST", "/admin/faults/leak");
    for (int i = 0; i * Faults.LEAK_BYTES <= Faults.LEAK_LIMIT_BYTES; i++) {
      get("/products");
    }
    HttpResponse<String> health = get("/health");
    assertEquals(503, health.statusCode());
    assertTrue(health.body().contains("DOWN"), health.body());
    send("DELETE", "/admin/faults/leak");
    assertEquals(200, get("/health").statusCode());
  }

  @Test
  void theErrorsFaultFailsBusinessRequestsAndTheMetricsCountThem() throws Exception {
    assertEquals(200, get("/products").statusCode());
    send("POST", "/admin/faults/errors");
    assertEquals(500, get("/products").statusCode());
    assertEquals(200, get("/health").statusCode());
    send("DELETE", "/admin/faults/errors");
    assertEquals(200, get("/products").statusCode());

    String metrics = get("/metrics").body();
    assertTrue(metrics.contains("shop_http_requests_total{outcome=\"server_error\"} "), metrics);
    assertFalse(metrics.contains("shop_http_requests_total{outcome=\"server_error\"} 0.0"));
    assertTrue(metrics.contains("# TYPE shop_http_requests_total counter"), metrics);
  }

  @Test
  void anUnknownFaultIsABadRequest() throws Exception {
    assertEquals(400, send("POST", "/admin/faults/gremlins").statusCode());
  }

  @Test
  void theNewPricingFlagSwitchesTheEngineWhenTheFileChanges() throws Exception {
    String cart = "{\"items\":[{\"sku\":\"MUG-01\",\"quantity\":1}]}";
    assertEquals(200, post("/cart/quote", cart).statusCode());
    writeFlag("on");
    Files.setLastModifiedTime(
        flagFile,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    assertEquals(500, post("/cart/quote", cart).statusCode());
    assertFalse(new Flags(dir.resolve("missing.json")).on("new-pricing"));
  }

  private static void writeFlag(String variant) throws IOException {
    Files.writeString(
        flagFile,
        "{\"flags\":{\"new-pricing\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,"
            + "\"off\":false},\"defaultVariant\":\""
            + variant
            + "\"}}}");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + shop.port() + path);
  }
}
