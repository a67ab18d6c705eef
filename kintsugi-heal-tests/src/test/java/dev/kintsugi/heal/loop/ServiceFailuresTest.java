package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceFailuresTest {

  private static TestOutcome failed(String method, String type, String message, String trace) {
    return new TestOutcome(
        new TestId("shop.DbTest", method), TestStatus.ERROR, 5, type, message, trace);
  }

  @Test
  void findsAnUnreachableServiceAnywhereInTheExceptionChain() {
    TestOutcome wrapped =
        failed(
            "query",
            "org.postgresql.util.PSQLException",
            "Connection to localhost:5432 refused.",
            "org.postgresql.util.PSQLException: Connection to localhost:5432 refused.\n"
                + "\tat org.postgresql.Driver.connect(Driver.java:1)\n"
                + "Caused by: java.net.ConnectException: Connection refused\n"
                + "\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n");
    TestOutcome unknownHost = failed("resolve", "java.net.UnknownHostException", "db.internal", "");
    TestOutcome bug = failed("sum", "java.lang.AssertionError", "expected 6", "");

    ServiceFailures split = ServiceFailures.split(List.of(wrapped, unknownHost, bug));

    assertThat(split.needing())
        .extracting(ServiceFailures.Need::cause)
        .containsExactly(
            "java.net.ConnectException: Connection refused",
            "java.net.UnknownHostException: db.internal");
    assertThat(split.rest()).containsExactly(bug);
    assertThat(split.summary())
        .startsWith("2 test(s) fail because they need a service that is not reachable")
        .contains("shop.DbTest#query: java.net.ConnectException: Connection refused")
        .endsWith("): not healed");
  }

  @Test
  void aMessageThatOnlyMentionsAConnectionIsNotEnough() {
    TestOutcome mention =
        failed(
            "text",
            "java.lang.AssertionError",
            "expected java.net.ConnectException",
            "java.lang.AssertionError: expected\n  java.net.ConnectException in the log\n");

    assertThat(ServiceFailures.split(List.of(mention)).needing()).isEmpty();
  }
}
