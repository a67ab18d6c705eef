package dev.kintsugi.server.api;

/**
 * A field holding a value that is not allowed: a 400 whose message names the field and what is
 * allowed. The REST API answers it as any other refused request; the dashboard's forms catch it and
 * show the message next to {@link #field()}, so both say the same thing about the same value.
 */
public final class FieldError extends ApiError {
  private final String field;

  public FieldError(String field, String message) {
    super(400, message);
    this.field = field;
  }

  /** The field's name, as the REST API spells it ({@code name}, {@code repo}, {@code policy}). */
  public String field() {
    return field;
  }
}
