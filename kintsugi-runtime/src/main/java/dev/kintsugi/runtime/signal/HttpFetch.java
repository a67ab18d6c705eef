package dev.kintsugi.runtime.signal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One bounded HTTP GET: the whole exchange (connect, headers, body) within the timeout, the body
 * cut off past a size limit. Shared by scraping and the HTTP and actuator checks.
 */
final class HttpFetch {
  private final HttpClient client;

  HttpFetch(HttpClient client) {
    this.client = client;
  }

  static HttpFetch create() {
    return new HttpFetch(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  /** An answer: its status, body and how long it took. */
  record Answer(int status, byte[] body, Duration latency) {}

  /** Why a fetch failed, in words fit for a log line or a health detail. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  Answer get(URI url, String accept, Duration timeout, int maxBytes) throws Failure {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(timeout).header("Accept", accept).GET().build();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new Capped(maxBytes).subscriber());
    try {
      HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(
          response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Failure("timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failure("interrupted");
    } catch (ExecutionException e) {
      throw new Failure(describe(e.getCause()));
    }
  }

  private static String describe(Throwable cause) {
    if (cause instanceof java.io.UncheckedIOException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpTimeoutException) {
      return "timed out";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof TooLarge) {
      return cause.getMessage();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(int max) {
      super("body larger than " + max + " bytes");
    }
  }

  /** Collects the body, failing as soon as it passes the limit. */
  private static final class Capped {
    private final int max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Capped(int max) {
      this.max = max;
    }

    HttpResponse.BodySubscriber<byte[]> subscriber() {
      return HttpResponse.BodySubscribers.mapping(
          HttpResponse.BodySubscribers.ofByteArrayConsumer(
              chunk -> {
                if (chunk.isPresent()) {
                  if (out.size() + chunk.get().length > max) {
                    throw new java.io.UncheckedIOException(new TooLarge(max));
                  }
                  out.writeBytes(chunk.get());
                }
              }),
          ignored -> out.toByteArray());
    }
  }
}
