package dev.kintsugi.server.circuit;

import io.javalin.Javalin;
import java.util.Map;

/** A request of the circuit or fault API that cannot be served: {@code {"error": message}}. */
final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  Refused(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** Answers every {@link Refused} with its status and message. */
  static void register(Javalin app) {
    app.exception(
        Refused.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
  }
}
