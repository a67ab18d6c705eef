package dev.kintsugi.runtime.rollout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.proxy.ProxyServlet;

/**
 * Jetty's proxy servlet, sending each request to the stable or the canary backend by the current
 * weight (drawn per request: no stickiness, a client's requests go to both) and recording how each
 * backend answered.
 */
final class SplitServlet extends ProxyServlet {

  private static final long serialVersionUID = 1L;
  private static final String BACKEND = SplitServlet.class.getName() + ".backend";
  private static final String STARTED = SplitServlet.class.getName() + ".started";

  private final transient IntSupplier canaryPercent;
  private final transient Map<Backend, String> bases;
  private final transient Map<Backend, TrafficBuckets> traffic;

  /**
   * @param canaryPercent read once per request: the share (0-100) that goes to the canary
   * @param backends each backend's base URL (a path prefix is kept)
   */
  SplitServlet(
      IntSupplier canaryPercent, Map<Backend, URI> backends, Map<Backend, TrafficBuckets> traffic) {
    this.canaryPercent = canaryPercent;
    this.bases =
        Map.of(
            Backend.STABLE, base(backends.get(Backend.STABLE)),
            Backend.CANARY, base(backends.get(Backend.CANARY)));
    this.traffic = Map.copyOf(traffic);
  }

  private static String base(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  protected String rewriteTarget(HttpServletRequest request) {
    Backend backend =
        ThreadLocalRandom.current().nextInt(100) < canaryPercent.getAsInt()
            ? Backend.CANARY
            : Backend.STABLE;
    request.setAttribute(BACKEND, backend);
    request.setAttribute(STARTED, System.nanoTime());
    String query = request.getQueryString();
    return bases.get(backend) + request.getRequestURI() + (query == null ? "" : "?" + query);
  }

  @Override
  protected void onProxyResponseSuccess(
      HttpServletRequest clientRequest,
      HttpServletResponse proxyResponse,
      Response serverResponse) {
    // Before super: it completes the exchange, after which the request may be recycled.
    Backend backend = (Backend) clientRequest.getAttribute(BACKEND);
    Object started = clientRequest.getAttribute(STARTED);
    if (backend != null && started instanceof Long start) {
      traffic.get(backend).answered(serverResponse.getStatus(), (System.nanoTime() - start) / 1e6);
    }
    super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
  }

  @Override
  protected void onProxyResponseFailure(
      HttpServletRequest clientRequest,
      HttpServletResponse proxyResponse,
      Response serverResponse,
      Throwable failure) {
    Backend backend = (Backend) clientRequest.getAttribute(BACKEND);
    if (backend != null) {
      traffic.get(backend).failed();
    }
    super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
  }
}
