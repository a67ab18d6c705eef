package dev.kintsugi.heal.loop;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing tests that need a service the sandbox cannot reach (a database on localhost:5432, a host
 * name to resolve): the sandbox has no network, so they fail whatever the main code does, and a
 * "fix" for them would be a change that hides the symptom. They are set apart and named.
 *
 * @param needing tests whose failure's exception chain holds a connection refused, an unknown host
 *     or no route to host, with that cause
 * @param rest every other failing test
 */
record ServiceFailures(List<Need> needing, List<TestOutcome> rest) {

  /** The exception types that mean "nobody answers there", first line or a {@code Caused by:}. */
  private static final Pattern UNREACHABLE =
      Pattern.compile(
          "(?m)^(?:Caused by: )?(java\\.net\\.(?:ConnectException|UnknownHostException"
              + "|NoRouteToHostException))(?::[ \\t]*([^\\r\\n]*))?");

  /**
   * A test and why it needs a service, e.g. {@code java.net.ConnectException: Connection refused}.
   */
  record Need(TestOutcome test, String cause) {}

  ServiceFailures {
    needing = List.copyOf(needing);
    rest = List.copyOf(rest);
  }

  static ServiceFailures split(List<TestOutcome> failing) {
    List<Need> needing = new ArrayList<>();
    List<TestOutcome> rest = new ArrayList<>();
    for (TestOutcome o : failing) {
      cause(o).ifPresentOrElse(c -> needing.add(new Need(o, c)), () -> rest.add(o));
    }
    return new ServiceFailures(needing, rest);
  }

  static Optional<String> cause(TestOutcome o) {
    String first = o.exceptionType() == null ? "" : o.exceptionType();
    String text =
        first
            + (o.message() == null ? "" : ": " + o.message())
            + "\n"
            + (o.stackTrace() == null ? "" : o.stackTrace());
    Matcher m = UNREACHABLE.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String detail = m.group(2) == null ? "" : m.group(2).strip();
    if (detail.length() > 120) {
      detail = detail.substring(0, 120) + "...";
    }
    return Optional.of(m.group(1) + (detail.isEmpty() ? "" : ": " + detail));
  }

  /** The report's sentence, naming up to five tests with their causes. */
  String summary() {
    List<String> named = new ArrayList<>();
    for (Need need : needing.subList(0, Math.min(5, needing.size()))) {
      named.add(need.test().id() + ": " + need.cause());
    }
    return needing.size()
        + " test(s) fail because they need a service that is not reachable from the sandbox ("
        + String.join("; ", named)
        + (needing.size() > 5 ? "; ..." : "")
        + "): not healed";
  }
}
