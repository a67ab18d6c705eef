package dev.kintsugi.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * The dashboard's JTE templates (src/main/jte), compiled with the module by jte-maven-plugin into
 * this package. HTML content type: every {@code ${...}} is escaped for where it stands (text,
 * attribute, URL), which is what keeps an event's text inert.
 */
final class Templates {
  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Templates.class.getClassLoader(), "dev.kintsugi.server.web");

  /** Renders template {@code name} (e.g. {@code incidents.jte}) with its one parameter. */
  void render(Context ctx, String name, Object model) {
    StringOutput out = new StringOutput();
    engine.render(name, model, out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }
}
