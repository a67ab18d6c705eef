package dev.kintsugi.runtime.action;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client actions (and chaos experiments) share; it never follows redirects, so a 3xx is
 * seen as what it is.
 */
public final class Http {

  public static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}
}
