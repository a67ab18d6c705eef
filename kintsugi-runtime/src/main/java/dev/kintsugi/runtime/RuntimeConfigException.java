package dev.kintsugi.runtime;

/**
 * A runtime configuration (scrape targets, health checks, runbooks) or a chaos experiment that is
 * not valid. The message names the field, as a path from the file's root ({@code
 * runbooks[0].do[1].scale.replicas}, {@code method[1].provider.func}), so a typo never silently
 * changes what Kintsugi does.
 */
public final class RuntimeConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the path of the bad field from the file's root
   * @param problem what is wrong with it
   */
  public RuntimeConfigException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The path of the bad field from the file's root. */
  public String field() {
    return field;
  }
}
