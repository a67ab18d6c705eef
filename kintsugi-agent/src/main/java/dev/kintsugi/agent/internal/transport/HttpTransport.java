package dev.kintsugi.agent.internal.transport;

import dev.kintsugi.agent.internal.config.Dsn;
import dev.kintsugi.agent.internal.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Posts one envelope. {@link HttpURLConnection} (not {@code java.net.http}): it runs on the calling
 * sender thread with no executor of its own, and reuses keep-alive connections when each response
 * body is read to the end, which this class always does.
 */
final class HttpTransport {
  private final URL url;
  private final String auth;
  private final String userAgent;

  HttpTransport(Dsn dsn, String sdkVersion) throws IOException {
    this.url = dsn.envelopeUri().toURL();
    this.userAgent = EventJson.SDK_NAME + "/" + sdkVersion;
    this.auth = dsn.sentryAuth(userAgent);
  }

  Response send(byte[] envelope, int timeoutMillis) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setUseCaches(false);
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(timeoutMillis);
    c.setReadTimeout(timeoutMillis);
    c.setFixedLengthStreamingMode(envelope.length);
    c.setRequestProperty("Content-Type", "application/x-sentry-envelope");
    c.setRequestProperty("X-Sentry-Auth", auth);
    c.setRequestProperty("User-Agent", userAgent);
    try (OutputStream out = c.getOutputStream()) {
      out.write(envelope);
    }
    int status = c.getResponseCode();
    Response response =
        new Response(
            status, c.getHeaderField("Retry-After"), c.getHeaderField("X-Sentry-Rate-Limits"));
    drain(status >= 400 ? c.getErrorStream() : c.getInputStream());
    return response;
  }

  /** Reads the body to the end so the connection goes back to the keep-alive pool. */
  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try (InputStream body = in) {
      byte[] buffer = new byte[1024];
      long total = 0;
      int n;
      while ((n = body.read(buffer)) >= 0 && total < 1024 * 1024) {
        total += n;
      }
    }
  }
}
