package dev.kintsugi.core.learn;

import java.util.List;
import java.util.Objects;

/**
 * A past fix shown to a model as an example: the failure it fixed and the patch. All text came from
 * tests and earlier patches: untrusted, to be fenced in a prompt like any other.
 *
 * @param exceptionType the failure's exception type
 * @param tests the failing tests it fixed ({@code Class#method})
 * @param message the failure's first message line, scrubbed of secrets
 * @param files the repository-relative files it changed
 * @param diff the fix as a unified diff
 * @param editPattern who made it, e.g. {@code template:relational-operator} or {@code llm:...}
 * @param description one line saying what it does
 */
public record FixExample(
    String exceptionType,
    List<String> tests,
    String message,
    List<String> files,
    String diff,
    String editPattern,
    String description) {

  public FixExample {
    Objects.requireNonNull(exceptionType, "exceptionType");
    tests = List.copyOf(Objects.requireNonNull(tests, "tests"));
    Objects.requireNonNull(message, "message");
    files = List.copyOf(Objects.requireNonNull(files, "files"));
    Objects.requireNonNull(diff, "diff");
    Objects.requireNonNull(editPattern, "editPattern");
    Objects.requireNonNull(description, "description");
  }
}
