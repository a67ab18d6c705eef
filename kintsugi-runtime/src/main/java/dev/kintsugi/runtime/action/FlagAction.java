package dev.kintsugi.runtime.action;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.core.repair.Descriptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Flips a feature flag in a flagd flag-definition file ({@code {"flags": {"new-pricing": {"state":
 * "ENABLED", "variants": {...}, "defaultVariant": "on"}}}}): sets its default variant and/or its
 * state, writing the file atomically (flagd watches it), every other value kept as it was. With a
 * flagd URL it then waits until flagd's OFREP API serves the new variant. Its undo puts the
 * previous variant and state back.
 */
final class FlagAction implements RuntimeAction {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * @param variant the default variant to set; empty to keep it
   * @param state {@code ENABLED} or {@code DISABLED}; empty to keep it
   * @param flagdUrl flagd's HTTP base ({@code http://localhost:8016}); empty not to confirm
   * @param confirmTimeout how long flagd may take to serve the new value
   */
  record Spec(
      Path file,
      String flag,
      Optional<String> variant,
      Optional<String> state,
      Optional<URI> flagdUrl,
      Duration confirmTimeout) {}

  private final Spec spec;
  private final Clock clock;

  FlagAction(Spec spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "flag";
  }

  @Override
  public String describe() {
    return "flag: set "
        + spec.flag()
        + spec.variant().map(v -> " to variant " + v).orElse("")
        + spec.state()
            .map(s -> (spec.variant().isPresent() ? " and" : "") + " to state " + s)
            .orElse("")
        + " in "
        + spec.file()
        + spec.flagdUrl().map(u -> ", confirmed through flagd at " + u).orElse("");
  }

  @Override
  public ActionOutcome run() throws InterruptedException {
    String what = spec.flag() + " in " + spec.file();
    ObjectNode root;
    try {
      JsonNode read = JSON.readTree(Files.readString(spec.file(), StandardCharsets.UTF_8));
      if (!(read instanceof ObjectNode object)) {
        return ActionOutcome.failed(spec.file() + " is not a flag-definition object");
      }
      root = object;
    } catch (IOException e) {
      return ActionOutcome.failed(
          "cannot read " + spec.file() + ": " + Descriptions.oneLine(e.getMessage(), 200));
    }
    if (!(root.path("flags").get(spec.flag()) instanceof ObjectNode flag)) {
      return ActionOutcome.failed("no flag " + what);
    }
    if (spec.variant().isPresent() && !flag.path("variants").has(spec.variant().get())) {
      return ActionOutcome.failed(what + " has no variant " + spec.variant().get());
    }
    Optional<String> oldVariant = text(flag, "defaultVariant");
    Optional<String> oldState = text(flag, "state");
    spec.variant().ifPresent(v -> flag.put("defaultVariant", v));
    spec.state().ifPresent(s -> flag.put("state", s));
    try {
      AtomicFiles.write(spec.file(), JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      return ActionOutcome.failed(
          "cannot write " + spec.file() + ": " + Descriptions.oneLine(e.getMessage(), 200));
    }
    RuntimeAction undo =
        new FlagAction(
            new Spec(
                spec.file(),
                spec.flag(),
                oldVariant,
                oldState,
                spec.flagdUrl(),
                spec.confirmTimeout()),
            clock);
    String detail =
        "set "
            + what
            + " from "
            + oldVariant.orElse("no variant")
            + "/"
            + oldState.orElse("no state")
            + " to "
            + text(flag, "defaultVariant").orElse("no variant")
            + "/"
            + text(flag, "state").orElse("no state");
    if (spec.flagdUrl().isEmpty()) {
      return ActionOutcome.done(detail, undo);
    }
    boolean disabled = "DISABLED".equals(text(flag, "state").orElse(""));
    Optional<String> unconfirmed =
        confirm(spec.flagdUrl().get(), disabled, text(flag, "defaultVariant").orElse(""));
    return unconfirmed.isEmpty()
        ? ActionOutcome.done(detail + ", served by flagd", undo)
        : new ActionOutcome(false, detail + ", but " + unconfirmed.get(), Optional.of(undo));
  }

  /**
   * Asks flagd (OFREP: {@code POST /ofrep/v1/evaluate/flags/{key}}) until it serves the new value:
   * the variant, or for a disabled flag reason {@code DISABLED} or 404. Empty once it does.
   */
  private Optional<String> confirm(URI base, boolean disabled, String variant)
      throws InterruptedException {
    URI url =
        URI.create(
            base.toString().replaceAll("/+$", "")
                + "/ofrep/v1/evaluate/flags/"
                + URLEncoder.encode(spec.flag(), StandardCharsets.UTF_8).replace("+", "%20"));
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"context\":{}}"))
            .build();
    Instant deadline = clock.instant().plus(spec.confirmTimeout());
    String last;
    while (true) {
      try {
        HttpResponse<String> response =
            Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() == 404 ? null : JSON.readTree(response.body());
        if (disabled
            ? response.statusCode() == 404 || "DISABLED".equals(body.path("reason").asText())
            : response.statusCode() == 200 && variant.equals(body.path("variant").asText())) {
          return Optional.empty();
        }
        last =
            "flagd answered "
                + response.statusCode()
                + (body == null ? "" : " " + Descriptions.oneLine(body.toString(), 160));
      } catch (IOException e) {
        last = "flagd did not answer: " + Descriptions.oneLine(e.getMessage(), 160);
      }
      if (!clock.instant().isBefore(deadline)) {
        return Optional.of(
            "not served within " + spec.confirmTimeout().toMillis() + " ms (" + last + ")");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }
}
