package dev.kintsugi.runtime.canary;

/** A canary analysis request that cannot be judged; the message names the bad field. */
public final class CanaryRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  /**
   * @param field the bad field's path in the request ({@code metrics[1].worse})
   * @param problem what is wrong with it
   */
  public CanaryRequestException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** What is wrong with the field. */
  public String problem() {
    return problem;
  }

  /** The bad field's path in the request. */
  public String field() {
    return field;
  }
}
