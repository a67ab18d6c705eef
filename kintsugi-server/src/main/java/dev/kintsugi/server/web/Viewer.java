package dev.kintsugi.server.web;

/**
 * Who is signed in to the dashboard. Today only the admin (holder of the admin token); the seam for
 * per-user accounts: audit entries and approvals name {@link #name}.
 */
record Viewer(String name) {
  static final Viewer ADMIN = new Viewer("admin");
}
