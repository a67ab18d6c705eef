package dev.kintsugi.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Optional;

/**
 * Guards the dashboard: every page, fragment and stream needs a session (pages redirect to the
 * sign-in form, htmx requests are told to go there); every state-changing request needs the
 * session's CSRF token (header {@code X-CSRF-Token}, which htmx sends, or form field {@code _csrf})
 * and, when the browser names one, an Origin of this server. The session cookie is also
 * SameSite=Strict: either guard alone would stop a cross-site form.
 */
final class WebAuth {
  static final String COOKIE = "kintsugi_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";
  private static final String SESSION_ATTR = "kintsugi.session";

  private final Sessions sessions;

  WebAuth(Sessions sessions) {
    this.sessions = sessions;
  }

  /** Whether a path belongs to the dashboard (not ingest, REST, health, metrics or assets). */
  static boolean dashboard(String path) {
    return !(path.startsWith("/api/")
        || path.equals("/healthz")
        || path.equals("/metrics")
        || path.startsWith("/static/")
        || path.startsWith("/webjars/"));
  }

  void before(Context ctx) {
    String path = ctx.path();
    if (!dashboard(path)) {
      return;
    }
    SecurityHeaders.apply(ctx);
    if (path.equals("/login")) { // open to all; the form's post must still come from here
      if (ctx.method() == HandlerType.POST) {
        requireSameOrigin(ctx);
      }
      return;
    }
    Optional<Sessions.Session> session = sessions.find(ctx.cookie(COOKIE));
    if (session.isEmpty()) {
      if (ctx.header("HX-Request") != null || ctx.method() != HandlerType.GET) {
        ctx.header("HX-Redirect", "/login");
        throw new WebError(HttpStatus.UNAUTHORIZED, "Sign in first.");
      }
      ctx.redirect("/login", HttpStatus.SEE_OTHER);
      ctx.skipRemainingHandlers();
      return;
    }
    if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      requireSameOrigin(ctx);
      String token = ctx.header(CSRF_HEADER);
      if (token == null) {
        token = ctx.formParam(CSRF_FIELD);
      }
      if (!session.get().csrfMatches(token)) {
        throw new WebError(
            HttpStatus.FORBIDDEN, "This form is stale or did not come from this dashboard.");
      }
    }
    ctx.attribute(SESSION_ATTR, session.get());
  }

  /** The signed-in session of a guarded request. */
  static Sessions.Session session(Context ctx) {
    Sessions.Session s = ctx.attribute(SESSION_ATTR);
    if (s == null) {
      throw new IllegalStateException("not a guarded dashboard request: " + ctx.path());
    }
    return s;
  }

  private static void requireSameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return; // not sent by every browser on same-origin posts; the CSRF token still decides
    }
    String host = ctx.host();
    String originHost;
    try {
      URI u = URI.create(origin);
      originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (originHost == null || host == null || !originHost.equalsIgnoreCase(host)) {
      throw new WebError(HttpStatus.FORBIDDEN, "Requests from another site are refused.");
    }
  }
}
