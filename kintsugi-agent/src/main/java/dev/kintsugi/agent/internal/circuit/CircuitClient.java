package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.config.Dsn;
import dev.kintsugi.agent.internal.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * Fetches the project's open circuits (and, with {@code faults=on}, its injected faults) from
 * {@code GET /api/{project}/kintsugi/circuits/} with the DSN key, sending the last answer's {@code
 * ETag} so that an unchanged list costs a 304.
 */
final class CircuitClient {
  /** Larger answers are refused: a kill-switch list is a few hundred bytes. */
  static final int MAX_BODY = 1024 * 1024;

  /** What a poll found. */
  static final class Answer {
    /** The open circuits; null when they did not change. */
    final List<CircuitSpec> circuits;

    /** The injected faults: none unless faults are on; null when they did not change. */
    final List<FaultSpec> faults;

    final String etag;

    Answer(List<CircuitSpec> circuits, List<FaultSpec> faults, String etag) {
      this.circuits = circuits;
      this.faults = faults;
      this.etag = etag;
    }
  }

  private final URL url;
  private final String auth;
  private final String userAgent;
  private final int timeoutMillis;
  private final boolean faults;

  /**
   * @param faults whether the answer's faults are read ({@code faults=on}); else they are ignored
   */
  CircuitClient(Dsn dsn, String userAgent, int timeoutMillis, boolean faults) throws IOException {
    this.faults = faults;
    this.url = dsn.circuitsUri().toURL();
    this.auth = dsn.sentryAuth(userAgent);
    this.userAgent = userAgent;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Asks for the circuits.
   *
   * @param etag the last answer's, or null
   * @throws IOException when the server cannot be reached or answers anything but 200 with the
   *     circuits or 304
   */
  Answer fetch(String etag) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestMethod("GET");
    c.setUseCaches(false);
    c.setInstanceFollowRedirects(false);
    c.setConnectTimeout(timeoutMillis);
    c.setReadTimeout(timeoutMillis);
    c.setRequestProperty("Accept", "application/json");
    c.setRequestProperty("X-Sentry-Auth", auth);
    c.setRequestProperty("User-Agent", userAgent);
    if (etag != null) {
      c.setRequestProperty("If-None-Match", etag);
    }
    int status = c.getResponseCode();
    byte[] body = read(status >= 400 ? c.getErrorStream() : c.getInputStream());
    if (status == 304 && etag != null) {
      return new Answer(null, null, etag);
    }
    if (status != 200) {
      throw new IOException("HTTP " + status);
    }
    Object document;
    List<CircuitSpec> circuits;
    try {
      document = JsonReader.parse(new String(body, StandardCharsets.UTF_8));
      circuits = CircuitSpec.parse(document);
    } catch (IllegalArgumentException e) {
      throw new IOException("not a circuit list: " + e.getMessage(), e);
    }
    return new Answer(
        circuits,
        faults ? FaultSpec.parse(document) : Collections.<FaultSpec>emptyList(),
        c.getHeaderField("ETag"));
  }

  /** Reads the body to the end (the connection goes back to the keep-alive pool). */
  private static byte[] read(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (InputStream body = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (out.size() + n > MAX_BODY) {
          throw new IOException("answer over " + MAX_BODY + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }
}
