package dev.kintsugi.server.web;

import io.javalin.http.Context;

/**
 * Headers on every dashboard response. The Content-Security-Policy allows scripts, styles, images
 * and connections from this server only, and nothing inline: an event's text that slipped past
 * escaping still could not run. Pages cannot be framed, and no URL of the dashboard is sent as a
 * referrer to another site.
 */
final class SecurityHeaders {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer, browsers send "Origin: null" on the
    // dashboard's own form posts, which WebAuth must refuse.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cache-Control", "no-store");
  }
}
