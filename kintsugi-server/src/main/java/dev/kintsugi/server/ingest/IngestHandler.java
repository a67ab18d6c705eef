package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.group.Fingerprinter;
import dev.kintsugi.server.group.Grouping;
import dev.kintsugi.server.journal.IngestJournal;
import dev.kintsugi.server.journal.Overloaded;
import dev.kintsugi.server.metrics.ServerMetrics;
import dev.kintsugi.server.scrub.Scrubber;
import dev.kintsugi.server.store.NewEvent;
import dev.kintsugi.server.store.Project;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Sentry's ingest endpoints, {@code POST /api/{projectId}/envelope/} and {@code
 * /api/{projectId}/store/}: authenticate the DSN key, decode the body within limits, scrub, group,
 * and answer {@code {"id": ...}} only once the event is in the ingest journal (durable; the journal
 * applier puts it in the database a few milliseconds later). A full backlog answers 429 with {@code
 * Retry-After}, a journal that cannot be written 503.
 */
public final class IngestHandler {

  private static final Set<String> ENVELOPE_TYPES =
      Set.of(
          "application/x-sentry-envelope",
          "application/octet-stream",
          "text/plain",
          "application/json");
  private static final Set<String> STORE_TYPES =
      Set.of("application/json", "text/plain", "application/octet-stream");

  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final ProjectKeys keys;
  private final Fingerprinter fingerprinter;
  private final IngestJournal journal;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final Limits limits;
  private final EnvelopeReader envelopes;
  private final EventReader events;
  private final ProjectRates rates;

  public IngestHandler(
      ProjectKeys keys,
      Scrubber scrubber,
      Fingerprinter fingerprinter,
      IngestJournal journal,
      ServerMetrics metrics,
      Clock clock,
      ObjectMapper json,
      Limits limits,
      LongFunction<OptionalInt> projectRate) {
    this.keys = keys;
    this.fingerprinter = fingerprinter;
    this.journal = journal;
    this.metrics = metrics;
    this.clock = clock;
    this.limits = limits;
    this.envelopes = new EnvelopeReader(json, limits);
    this.events = new EventReader(json, scrubber);
    this.rates = new ProjectRates(limits.eventsPerMinute(), projectRate);
  }

  /** Without per-project rates: every project gets {@link Limits#eventsPerMinute}. */
  public IngestHandler(
      ProjectKeys keys,
      Scrubber scrubber,
      Fingerprinter fingerprinter,
      IngestJournal journal,
      ServerMetrics metrics,
      Clock clock,
      ObjectMapper json,
      Limits limits) {
    this(
        keys,
        scrubber,
        fingerprinter,
        journal,
        metrics,
        clock,
        json,
        limits,
        project -> OptionalInt.empty());
  }

  /** Adds the ingest routes. */
  public void register(Javalin app) {
    app.post("/api/{projectId}/envelope", ctx -> handle(ctx, true));
    app.post("/api/{projectId}/store", ctx -> handle(ctx, false));
  }

  private void handle(Context ctx, boolean envelope) {
    long start = System.nanoTime();
    List<NewEvent> events;
    Optional<String> responseId;
    try {
      Project project = authenticate(ctx);
      checkContentType(ctx.header("Content-Type"), envelope ? ENVELOPE_TYPES : STORE_TYPES);
      long declared = ctx.req().getContentLengthLong();
      if (declared > limits.maxBodyBytes()) {
        throw Rejection.tooLarge("body over " + limits.maxBodyBytes() + " bytes");
      }
      Instant now = clock.instant();
      events = new ArrayList<>();
      try (InputStream body =
          Bodies.decode(ctx.req().getInputStream(), ctx.header("Content-Encoding"), limits)) {
        if (envelope) {
          Envelope env = envelopes.read(body);
          Optional<String> headerId = eventId(env.eventId());
          for (byte[] payload : env.events()) {
            events.add(prepare(project, payload, headerId, now));
          }
          responseId = events.isEmpty() ? headerId : Optional.of(events.get(0).eventId());
        } else {
          byte[] payload = Bodies.readAtMost(body, limits.maxEventBytes(), "event");
          events.add(prepare(project, payload, Optional.empty(), now));
          responseId = Optional.of(events.get(0).eventId());
        }
      } catch (IOException e) {
        throw Rejection.malformed("cannot read body: " + e.getMessage());
      }
      long waitSeconds = rates.acquire(project.id(), events.size());
      if (waitSeconds > 0) {
        rateLimited(ctx, waitSeconds);
        return;
      }
    } catch (Rejection r) {
      // The body may be partly unread: close the connection rather than read the rest.
      ctx.header("Connection", "close");
      reject(ctx, r.status(), r.reason(), r.getMessage());
      return;
    }
    try {
      journal.append(events);
    } catch (Overloaded e) {
      ctx.header("Retry-After", "1");
      reject(ctx, 429, "overloaded", e.getMessage() + ", retry later");
      return;
    } catch (IOException e) {
      ctx.header("Retry-After", "5");
      reject(ctx, 503, "storage", "storage unavailable, retry later");
      return;
    }
    metrics.accepted(events.size(), System.nanoTime() - start);
    // {"id": ...} as Jackson would write it; ids are 32 hex digits, nothing to escape.
    byte[] body =
        responseId
            .map(id -> ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.US_ASCII))
            .orElse(EMPTY_OBJECT);
    ctx.status(200).contentType(ContentType.APPLICATION_JSON).result(body);
  }

  private Project authenticate(Context ctx) {
    long projectId;
    try {
      projectId = Long.parseLong(ctx.pathParam("projectId"));
    } catch (NumberFormatException e) {
      throw new Rejection(404, "unknown_project", "unknown project");
    }
    String key =
        SentryAuth.key(
                ctx.header("X-Sentry-Auth"),
                ctx.header("Authorization"),
                ctx.queryParam("sentry_key"))
            .orElseThrow(() -> new Rejection(401, "missing_key", "missing sentry_key"));
    Project project =
        keys.project(projectId)
            .orElseThrow(() -> new Rejection(404, "unknown_project", "unknown project"));
    if (!ProjectKeys.matches(project, key)) {
      throw new Rejection(401, "bad_key", "invalid sentry_key for this project");
    }
    return project;
  }

  private static void checkContentType(String header, Set<String> accepted) {
    if (header == null || header.isBlank()) {
      return;
    }
    String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!accepted.contains(type)) {
      throw new Rejection(415, "content_type", "unsupported Content-Type: " + type);
    }
  }

  private NewEvent prepare(
      Project project, byte[] payload, Optional<String> fallbackId, Instant now) {
    EventReader.Read event =
        events.read(
            payload,
            () -> fallbackId.orElseGet(() -> UUID.randomUUID().toString().replace("-", "")));
    Grouping grouping = fingerprinter.group(event.grouping(), project.inAppPrefixes());
    return new NewEvent(
        project.id(),
        event.eventId(),
        grouping.fingerprint(),
        grouping.title(),
        grouping.culprit(),
        text(event.grouping(), "release"),
        text(event.grouping(), "environment"),
        now,
        stored(event.stored()));
  }

  /** The event as stored must fit the event limit too: scrubbing may lengthen values. */
  private byte[] stored(byte[] payload) {
    if (payload.length > limits.maxEventBytes()) {
      throw Rejection.tooLarge(
          "event over " + limits.maxEventBytes() + " bytes after normalisation and scrubbing");
    }
    return payload;
  }

  /**
   * 429 with {@code Retry-After} and Sentry's {@code X-Sentry-Rate-Limits} ({@code
   * retry_after:categories:scope:reason_code}), which Sentry SDKs obey by holding back errors.
   */
  private void rateLimited(Context ctx, long seconds) {
    ctx.header("Retry-After", Long.toString(seconds));
    ctx.header("X-Sentry-Rate-Limits", seconds + ":error;default:project:project_quota");
    reject(
        ctx,
        429,
        "rate_limited",
        "project over its events-per-minute quota, retry after " + seconds + " s");
  }

  private static Optional<String> text(JsonNode event, String field) {
    JsonNode v = event.get(field);
    return v != null && v.isValueNode() && !v.asText().isBlank()
        ? Optional.of(v.asText())
        : Optional.empty();
  }

  /** A Sentry event id: 32 hex digits, dashes dropped; empty when the text is not one. */
  static Optional<String> eventId(String text) {
    String id = text.replace("-", "").toLowerCase(Locale.ROOT);
    if (id.length() != 32) {
      return Optional.empty();
    }
    for (int i = 0; i < 32; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return Optional.empty();
      }
    }
    return Optional.of(id);
  }

  private void reject(Context ctx, int status, String reason, String detail) {
    metrics.rejected(reason);
    ctx.status(status).json(Map.of("detail", detail));
  }
}
