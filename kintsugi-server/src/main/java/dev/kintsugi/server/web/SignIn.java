package dev.kintsugi.server.web;

import dev.kintsugi.server.api.AdminAuth;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

/**
 * Signing in and out. {@code GET /login?token=…} signs in at once (so {@code kintsugi demo} and
 * scripts can print one link) and {@code POST /login} does the same for the form; both set an
 * HttpOnly, SameSite=Strict session cookie and redirect to {@code /}, so the token leaves the
 * address bar at once. A wrong token gets the form again, with the reason.
 */
final class SignIn {
  /** The sign-in and error pages' model: the reason shown, or null. */
  record Form(String error) {}

  private final AdminAuth admin;
  private final Sessions sessions;
  private final Templates templates;
  private final boolean secureCookie;

  SignIn(AdminAuth admin, Sessions sessions, Templates templates, boolean secureCookie) {
    this.admin = admin;
    this.sessions = sessions;
    this.templates = templates;
    this.secureCookie = secureCookie;
  }

  void register(Javalin app) {
    app.get("/login", ctx -> attempt(ctx, ctx.queryParam("token")));
    app.post("/login", ctx -> attempt(ctx, ctx.formParam("token")));
    app.post("/logout", this::signOut);
  }

  private void attempt(Context ctx, String token) {
    if (token == null) {
      templates.render(ctx, "login.jte", new Form(null));
      return;
    }
    if (!admin.matches(token.strip())) {
      ctx.status(HttpStatus.UNAUTHORIZED);
      templates.render(ctx, "login.jte", new Form("That is not the admin token."));
      return;
    }
    Sessions.Session s = sessions.open(Viewer.ADMIN);
    ctx.cookie(cookie(s.id(), -1));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    sessions.close(WebAuth.session(ctx).id());
    ctx.cookie(cookie("", 0));
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private Cookie cookie(String value, int maxAge) {
    return new Cookie(
        WebAuth.COOKIE, value, "/", maxAge, secureCookie, 0, true, null, null, SameSite.STRICT);
  }
}
