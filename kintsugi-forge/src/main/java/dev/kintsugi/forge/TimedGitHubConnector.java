package dev.kintsugi.forge;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's connector over the JDK's HttpClient, with a time limit on every request: the
 * library's own {@code HttpClientGitHubConnector} sets none, so a forge that accepts the connection
 * and never answers would hold a heal forever.
 */
final class TimedGitHubConnector implements GitHubConnector {

  private final HttpClient client;
  private final Duration timeout;

  TimedGitHubConnector(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(timeout);
    try {
      builder.uri(request.url().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + Untrusted.location(request.url().toString()));
    }
    for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
      if (header.getValue() != null) {
        builder.header(header.getKey(), String.join(", ", header.getValue()));
      }
    }
    HttpRequest.BodyPublisher body =
        request.hasBody()
            ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
            : HttpRequest.BodyPublishers.noBody();
    builder.method(request.method(), body);
    try {
      HttpResponse<InputStream> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(request, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private static final class Response extends GitHubConnectorResponse {

    private final HttpResponse<InputStream> response;

    Response(GitHubConnectorRequest request, HttpResponse<InputStream> response) {
      super(request, response.statusCode(), response.headers().map());
      this.response = response;
    }

    @Override
    protected InputStream rawBodyStream() {
      return response.body();
    }
  }
}
