package dev.kintsugi.bench.ingest;

import io.javalin.Javalin;

/**
 * The ceiling: the same HTTP stack as the server (Javalin on Jetty), answering the ingest routes
 * with 200 as soon as the body is read, storing nothing.
 */
public final class NullServer {
  private NullServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Javalin app =
        Javalin.create(
            c -> {
              c.showJavalinBanner = false;
              c.startupWatcherEnabled = false;
            });
    app.post(
        "/api/{projectId}/envelope",
        ctx -> {
          ctx.req().getInputStream().readAllBytes();
          ctx.contentType("application/json").result("{\"id\":\"00000000000000000000000000000000\"}");
        });
    app.start("127.0.0.1", port);
    System.out.println("null server listening on http://127.0.0.1:" + app.port());
  }
}
