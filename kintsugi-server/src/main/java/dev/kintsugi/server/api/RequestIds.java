package dev.kintsugi.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Gives every request an id, returned in the {@code X-Request-Id} response header, and turns an
 * unexpected exception into a 500 whose body carries that id while the log gets the id, the request
 * line and the stack trace: an operator can find what went wrong from what a client saw.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  /** A caller's own id is kept when it is this harmless (it ends up in logs and headers). */
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final String ATTRIBUTE = "kintsugi.requestId";

  private RequestIds() {}

  /**
   * Registers the id as the first before-handler (call before any other) and the 500 handler.
   *
   * @param log where each 500 is reported, one (multi-line) entry per request
   */
  public static void register(Javalin app, Consumer<String> log) {
    app.before(
        ctx -> {
          String id = choose(ctx.header(HEADER));
          ctx.attribute(ATTRIBUTE, id);
          ctx.header(HEADER, id);
        });
    app.exception(Exception.class, (e, ctx) -> internalError(e, ctx, log));
  }

  /** The id of this request (one is made up if the before-handler did not run). */
  static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      id = choose(null);
      ctx.attribute(ATTRIBUTE, id);
      ctx.header(HEADER, id);
    }
    return id;
  }

  static String choose(String incoming) {
    if (incoming != null && SANE.matcher(incoming).matches()) {
      return incoming;
    }
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  private static void internalError(Exception e, Context ctx, Consumer<String> log) {
    String id = of(ctx);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    log.accept(
        "request "
            + id
            + " "
            + ctx.method()
            + " "
            + ctx.path()
            + " failed with 500: "
            + trace.toString().stripTrailing());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "internal server error; the server log has the details");
    body.put("requestId", id);
    ctx.status(500).json(body);
  }
}
