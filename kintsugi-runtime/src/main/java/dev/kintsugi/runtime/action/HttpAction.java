package dev.kintsugi.runtime.action;

import dev.kintsugi.core.repair.Descriptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls an HTTP endpoint (the JDK's client, no redirects followed): done when the status is in the
 * expected range. Header values and the body may name environment variables as {@code ${NAME}},
 * resolved when the action runs, so secrets live in the environment and never in the runbook; no
 * header value and no body is ever shown.
 */
final class HttpAction implements RuntimeAction {

  static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * @param headers values may hold {@code ${NAME}} references
   * @param body may hold {@code ${NAME}} references
   * @param lowest the lowest expected status
   * @param highest the highest expected status
   */
  record Spec(
      String method,
      URI url,
      Map<String, String> headers,
      Optional<String> body,
      Duration timeout,
      int lowest,
      int highest) {
    Spec {
      headers = Map.copyOf(headers);
    }
  }

  private final Spec spec;
  private final Map<String, String> env;

  HttpAction(Spec spec, Map<String, String> env) {
    this.spec = spec;
    this.env = env;
  }

  @Override
  public String kind() {
    return "http";
  }

  @Override
  public String describe() {
    return "http: "
        + spec.method()
        + " "
        + spec.url()
        + (spec.headers().isEmpty()
            ? ""
            : " with headers "
                + String.join(", ", spec.headers().keySet().stream().sorted().toList()))
        + (spec.body().isPresent() ? " and a body" : "")
        + ", expecting "
        + range();
  }

  @Override
  public ActionOutcome run() throws InterruptedException {
    String call = spec.method() + " " + spec.url();
    HttpRequest.Builder request = HttpRequest.newBuilder(spec.url()).timeout(spec.timeout());
    try {
      for (Map.Entry<String, String> header : spec.headers().entrySet()) {
        request.header(header.getKey(), resolve(header.getValue(), "header " + header.getKey()));
      }
      request.method(
          spec.method(),
          spec.body().isPresent()
              ? HttpRequest.BodyPublishers.ofString(resolve(spec.body().get(), "the body"))
              : HttpRequest.BodyPublishers.noBody());
    } catch (IllegalStateException e) {
      return ActionOutcome.failed(call + ": " + e.getMessage());
    }
    int status;
    try {
      status =
          Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpTimeoutException e) {
      return ActionOutcome.failed(call + ": no answer within " + spec.timeout().toMillis() + " ms");
    } catch (IOException e) {
      return ActionOutcome.failed(
          call
              + ": "
              + Descriptions.oneLine(e.getClass().getSimpleName() + " " + e.getMessage(), 200));
    }
    String detail = call + " → " + status;
    return status >= spec.lowest() && status <= spec.highest()
        ? ActionOutcome.done(detail)
        : ActionOutcome.failed(detail + " (expected " + range() + ")");
  }

  /** {@code text} with its {@code ${NAME}} references replaced by the environment's values. */
  private String resolve(String text, String where) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            where + " names environment variable " + m.group(1) + ", which is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String range() {
    return spec.lowest() == spec.highest()
        ? String.valueOf(spec.lowest())
        : spec.lowest() + "-" + spec.highest();
  }
}
