package dev.kintsugi.example.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shop's HTTP API on the JDK's built-in server. JSON in and out.
 *
 * <pre>
 * GET  /health                           {"status":"UP"}, or 503 {"status":"DOWN","reason":...}
 * GET  /metrics                          request counters, Prometheus text format
 * GET  /admin/faults                     {"faults":[...]} switched on
 * POST /admin/faults/{kind}              switch a fault on (latency, errors, leak)
 * DELETE /admin/faults/{kind}            switch it off
 * GET  /products[?category=C]            the catalog
 * GET  /products/{sku}                   one product
 * GET  /inventory/{sku}                  units available
 * POST /inventory/reserve                {"sku":"MUG-01","quantity":2}
 * GET  /shipping?grams=N                 shipping price of a parcel
 * POST /cart/quote                       {"items":[{"sku":"MUG-01","quantity":2}],"coupon":"C"}
 * GET  /orders/{id}                      one order
 * GET  /customers/{name}/orders?last=N   a customer's N most recent orders
 * </pre>
 *
 * <p>Expected failures ({@link ShopException}, malformed JSON) are answered 4xx. Anything else that
 * escapes a handler is a bug: it is logged at SEVERE with its throwable and answered 500, and the
 * service keeps serving.
 */
public final class ShopServer {

  private static final Logger LOGGER = Logger.getLogger(ShopServer.class.getName());
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Catalog catalog;
  private final Inventory inventory;
  private final OrderBook orders;
  private final CartPricer pricer;
  private final NewPricing newPricing;
  private final Faults faults;
  private final Flags flags;
  private final Metrics metrics = new Metrics();

  private ShopServer(
      HttpServer server,
      Catalog catalog,
      Inventory inventory,
      OrderBook orders,
      Faults faults,
      Flags flags) {
    this.server = server;
    this.faults = faults;
    this.flags = flags;
    this.catalog = catalog;
    this.inventory = inventory;
    this.orders = orders;
    this.pricer = new CartPricer(catalog);
    this.newPricing = new NewPricing(pricer);
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
  }

  /** Starts serving on {@code address} (port 0: any free port). */
  public static ShopServer start(
      InetSocketAddress address, Catalog catalog, Inventory inventory, OrderBook orders)
      throws IOException {
    return start(address, catalog, inventory, orders, new Faults(), Flags.none());
  }

  /** Starts serving with faults that may be on and feature flags read from a file. */
  static ShopServer start(
      InetSocketAddress address,
      Catalog catalog,
      Inventory inventory,
      OrderBook orders,
      Faults faults,
      Flags flags)
      throws IOException {
    // Without it the JDK's server leaves Nagle's algorithm on: a kept-alive connection waits on
    // delayed ACKs (40 ms a request), which canary latency figures would measure instead.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ShopServer shop =
        new ShopServer(
            HttpServer.create(address, 64), catalog, inventory, orders, faults, flags);
    shop.server.start();
    return shop;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and lets running ones finish (up to a second). */
  public void stop() {
    server.stop(1);
    executor.shutdown();
  }

  /** A parsed request. */
  private record Request(
      String method, List<String> path, Map<String, String> query, String body) {

    String segment(int i) {
      return path.get(i);
    }

    String queryParam(String name) {
      return query.get(name);
    }

    int intQueryParam(String name, int fallback) {
      String value = query.get(name);
      if (value == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw ShopException.badRequest("'" + name + "' must be a whole number, was " + value);
      }
    }

    Map<String, Object> jsonObject() {
      Object json;
      try {
        json = Json.parse(body);
      } catch (Json.MalformedJsonException e) {
        throw ShopException.badRequest("malformed JSON: " + e.getMessage());
      }
      if (!(json instanceof Map<?, ?> map)) {
        throw ShopException.badRequest("the body must be a JSON object");
      }
      Map<String, Object> object = new LinkedHashMap<>();
      map.forEach((k, v) -> object.put((String) k, v));
      return object;
    }
  }

  /** A response: status and JSON body. */
  private record Response(int status, Object body) {
    static Response ok(Object body) {
      return new Response(200, body);
    }
  }

  private void serve(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    if (method.equals("GET") && rawPath.equals("/metrics")) {
      sendText(exchange, metrics.scrape(faults));
      return;
    }
    long start = System.nanoTime();
    if (!rawPath.startsWith("/admin/")) {
      faults.beforeRequest();
    }
    Response response;
    try {
      response = route(parse(exchange));
    } catch (ShopException e) {
      response = new Response(e.status(), Map.of("error", e.getMessage()));
    } catch (RuntimeException e) {
      // A bug: keep the throwable in the log record (the agent reports it), answer 500, go on.
      LOGGER.log(Level.SEVERE, "request failed: " + method + " " + rawPath, e);
      response = new Response(500, Map.of("error", "internal error"));
    } catch (IOException e) {
      LOGGER.log(Level.WARNING, "could not read the request: " + method + " " + rawPath, e);
      response = new Response(400, Map.of("error", "could not read the request"));
    }
    metrics.record(response.status(), System.nanoTime() - start);
    send(exchange, response);
  }

  private static Request parse(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    List<String> path = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        path.add(decode(segment));
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw ShopException.badRequest("body larger than " + MAX_BODY_BYTES + " bytes");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
    }
    return new Request(exchange.getRequestMethod(), List.copyOf(path), query, body);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ShopException.badRequest("bad URL encoding: " + s);
    }
  }

  private Response route(Request r) {
    String route = r.method() + " /" + String.join("/", shape(r.path()));
    if (faults.isOn(Faults.Kind.ERRORS)
        && !route.equals("GET /health")
        && !route.startsWith("GET /admin/")
        && !route.startsWith("POST /admin/")
        && !route.startsWith("DELETE /admin/")) {
      throw new IllegalStateException("fault injected: " + route + " fails");
    }
    return switch (route) {
      case "GET /health" -> health();
      case "GET /admin/faults" -> Response.ok(Map.of("faults", List.copyOf(faults.active())));
      case "POST /admin/faults/*" -> {
        faults.switchOn(Faults.Kind.parse(r.segment(2)));
        yield Response.ok(Map.of("faults", List.copyOf(faults.active())));
      }
      case "DELETE /admin/faults/*" -> {
        faults.switchOff(Faults.Kind.parse(r.segment(2)));
        yield Response.ok(Map.of("faults", List.copyOf(faults.active())));
      }
      case "GET /products" -> Response.ok(products(catalog.list(r.queryParam("category"))));
      case "GET /products/*" -> Response.ok(product(catalog.require(r.segment(1))));
      case "GET /inventory/*" -> Response.ok(stock(catalog.require(r.segment(1)).sku()));
      case "POST /inventory/reserve" -> reserve(r);
      case "GET /shipping" -> shipping(r);
      case "POST /cart/quote" -> quote(r);
      case "GET /orders/*" -> Response.ok(order(findOrder(r.segment(1))));
      case "GET /customers/*/orders" -> recentOrders(r);
      default -> new Response(404, Map.of("error", "no route for " + route));
    };
  }

  /** The path with its variable segments replaced by {@code *}, for routing. */
  private static List<String> shape(List<String> path) {
    List<String> shape = new ArrayList<>(path);
    if (shape.size() == 2
        && List.of("products", "inventory", "orders").contains(shape.get(0))
        && !(shape.get(0).equals("inventory") && shape.get(1).equals("reserve"))) {
      shape.set(1, "*");
    }
    if (shape.size() == 3 && shape.get(0).equals("customers")) {
      shape.set(1, "*");
    }
    if (shape.size() == 3 && shape.get(0).equals("admin") && shape.get(1).equals("faults")) {
      shape.set(2, "*");
    }
    return shape;
  }

  private Response reserve(Request r) {
    Map<String, Object> body = r.jsonObject();
    String sku = catalog.require(stringField(body, "sku")).sku();
    int left = inventory.reserve(sku, intField(body, "quantity"));
    return Response.ok(map("sku", sku, "reserved", body.get("quantity"), "available", left));
  }

  private Response shipping(Request r) {
    String grams = r.queryParam("grams");
    if (grams == null) {
      throw ShopException.badRequest("'grams' is required");
    }
    int weight = r.intQueryParam("grams", 0);
    return Response.ok(map("grams", weight, "costCents", Shipping.costCents(weight)));
  }

  private Response quote(Request r) {
    Map<String, Object> body = r.jsonObject();
    if (!(body.get("items") instanceof List<?> rawItems)) {
      throw ShopException.badRequest("'items' must be an array");
    }
    List<CartItem> items = new ArrayList<>();
    for (Object raw : rawItems) {
      if (!(raw instanceof Map<?, ?> item)) {
        throw ShopException.badRequest("each item must be an object");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      item.forEach((k, v) -> fields.put((String) k, v));
      items.add(new CartItem(stringField(fields, "sku"), intField(fields, "quantity")));
    }
    Object coupon = body.get("coupon");
    if (coupon != null && !(coupon instanceof String)) {
      throw ShopException.badRequest("'coupon' must be a string");
    }
    Quote quote =
        flags.on("new-pricing")
            ? newPricing.quote(items, (String) coupon)
            : pricer.quote(items, (String) coupon);
    return Response.ok(
        map(
            "subtotalCents", quote.subtotalCents(),
            "discountCents", quote.discountCents(),
            "shippingCents", quote.shippingCents(),
            "totalCents", quote.totalCents(),
            "points", quote.points()));
  }

  private Response health() {
    String problem = faults.unhealthy();
    return problem == null
        ? Response.ok(Map.of("status", "UP"))
        : new Response(503, map("status", "DOWN", "reason", problem));
  }

  private Order findOrder(String id) {
    return orders.find(id).orElseThrow(() -> ShopException.notFound("unknown order " + id));
  }

  private Response recentOrders(Request r) {
    String customer = r.segment(1);
    int last = r.intQueryParam("last", 10);
    List<Object> out = new ArrayList<>();
    for (Order order : orders.recent(customer, last)) {
      out.add(order(order));
    }
    return Response.ok(map("customer", customer, "orders", out));
  }

  private Map<String, Object> stock(String sku) {
    return map("sku", sku, "available", inventory.available(sku));
  }

  private static List<Object> products(List<Product> products) {
    List<Object> out = new ArrayList<>();
    for (Product product : products) {
      out.add(product(product));
    }
    return out;
  }

  private static Map<String, Object> product(Product p) {
    return map(
        "sku", p.sku(),
        "name", p.name(),
        "category", p.category(),
        "priceCents", p.priceCents(),
        "grams", p.grams());
  }

  private static Map<String, Object> order(Order o) {
    List<Object> lines = new ArrayList<>();
    for (Order.Line line : o.lines()) {
      lines.add(
          map("sku", line.sku(), "quantity", line.quantity(), "unitCents", line.unitCents()));
    }
    return map(
        "id", o.id(),
        "customer", o.customer(),
        "placedOn", o.placedOn(),
        "status", o.status(),
        "lines", lines,
        "totalCents", o.totalCents());
  }

  private static String stringField(Map<String, Object> body, String name) {
    if (!(body.get(name) instanceof String value) || value.isBlank()) {
      throw ShopException.badRequest("'" + name + "' must be a non-empty string");
    }
    return value;
  }

  private static int intField(Map<String, Object> body, String name) {
    if (!(body.get(name) instanceof Long value)
        || value < Integer.MIN_VALUE
        || value > Integer.MAX_VALUE) {
      throw ShopException.badRequest("'" + name + "' must be a whole number");
    }
    return value.intValue();
  }

  /** An insertion-ordered map of alternating keys and values. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static void sendText(HttpExchange exchange, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange
          .getResponseHeaders()
          .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOGGER.log(Level.FINE, "client went away", e);
    }
  }

  private static void send(HttpExchange exchange, Response response) {
    byte[] bytes = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOGGER.log(Level.FINE, "client went away", e);
    }
  }
}
