package org.fabianlee.springmicrowithactuator;

import java.io.IOException;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The "bad fix" Kintsugi's yardstick plants in its copy of the app (setup.sh copies this file in;
 * the app's own code is unchanged). Chosen at start with -Dplanted.bug=...:
 * <ul>
 *   <li>{@code errors}: GET /api/product/4 throws (500) — one request in six of the load mix;</li>
 *   <li>{@code latency:N}: every /api/ request waits N ms more (a retry with backoff, say);</li>
 *   <li>unset: the canary behaves as the stable.</li>
 * </ul>
 * Ordered after Spring Boot's metrics filter, so http_server_requests_seconds sees the 500s and
 * the extra latency as a user would.
 */
@Component
public class PlantedBug extends OncePerRequestFilter {

  private final String bug = System.getProperty("planted.bug", "");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String uri = request.getRequestURI();
    if (bug.equals("errors") && uri.equals("/api/product/4")) {
      throw new IllegalStateException("planted bug: product 4 cannot be priced");
    }
    if (bug.startsWith("latency:") && uri.startsWith("/api/")) {
      try {
        Thread.sleep(Long.parseLong(bug.substring("latency:".length())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    chain.doFilter(request, response);
  }
}
