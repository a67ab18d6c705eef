package dev.kintsugi.server.web;

/**
 * What every dashboard page's frame needs: its title, which navigation entry is current, the
 * signed-in viewer and the session's CSRF token (sent back by htmx and forms).
 *
 * @param nav {@code incidents}, {@code overview} or {@code projects}
 */
record Page(String title, String nav, String viewer, String csrf) {

  static Page of(io.javalin.http.Context ctx, String title, String nav) {
    Sessions.Session s = WebAuth.session(ctx);
    return new Page(title, nav, s.viewer().name(), s.csrf());
  }

  /** The {@code hx-headers} value that makes htmx send the CSRF token. */
  String htmxHeaders() {
    return "{\"" + WebAuth.CSRF_HEADER + "\": \"" + csrf + "\"}";
  }

  String current(String entry) {
    return entry.equals(nav) ? "page" : null;
  }
}
