package dev.kintsugi.server.web;

import dev.kintsugi.server.api.FieldError;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form as it is shown again: the values entered and, after a refused post, the message of the
 * field that was refused (as the REST API words it), shown next to that field.
 *
 * @param id the form's element id; error messages get {@code ID-FIELD-error}
 * @param field the refused field, or null
 * @param error what is wrong with it, or null
 */
record FormState(String id, Map<String, String> values, String field, String error) {

  /** How long a value may be to be shown again (a policy is the longest field). */
  private static final int MAX_SHOWN = 64 * 1024;

  static FormState of(String id, Map<String, String> values) {
    return new FormState(id, Map.copyOf(values), null, null);
  }

  /** The posted values of {@code fields} (missing ones as empty text). */
  static FormState posted(Context ctx, String id, List<String> fields) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String f : fields) {
      String v = ctx.formParam(f);
      values.put(f, v == null ? "" : v.length() > MAX_SHOWN ? v.substring(0, MAX_SHOWN) : v);
    }
    return of(id, values);
  }

  FormState refused(FieldError e) {
    return new FormState(id, values, e.field(), e.getMessage());
  }

  /** Answers a form post that changed something: back to {@code path}, as a GET. */
  static void done(Context ctx, String path) {
    if (ctx.header("HX-Request") != null) {
      ctx.header("HX-Redirect", path).status(HttpStatus.OK).result("");
    } else {
      ctx.redirect(path, HttpStatus.SEE_OTHER);
    }
  }

  String value(String name) {
    return values.getOrDefault(name, "");
  }

  boolean is(String name, String option) {
    return value(name).equals(option);
  }

  /** The message for {@code name}, or null when it was not refused. */
  String error(String name) {
    return name.equals(field) ? error : null;
  }

  /** The id of {@code name}'s error message. */
  String errorId(String name) {
    return id + "-" + name + "-error";
  }

  /** {@code aria-invalid}'s value: "true" for the refused field, else null (no attribute). */
  String invalid(String name) {
    return name.equals(field) ? "true" : null;
  }

  /** {@code aria-describedby}'s value for {@code name}: its error, or null. */
  String describedBy(String name) {
    return name.equals(field) ? errorId(name) : null;
  }

  /**
   * {@code aria-describedby}'s value for {@code name}, which has a hint: the hint and its error.
   */
  String describedBy(String name, String hintId) {
    return name.equals(field) ? hintId + " " + errorId(name) : hintId;
  }
}
