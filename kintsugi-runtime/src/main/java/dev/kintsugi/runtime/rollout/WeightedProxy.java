package dev.kintsugi.runtime.rollout;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A weighted HTTP reverse proxy in front of two backends, on Jetty's {@code ProxyServlet}: each
 * request goes to the canary with the current weight's probability, else to the stable backend (no
 * stickiness: one client's requests go to both). A weight change is one atomic write and holds from
 * the next request on. Each backend's answers (status, latency) and failures are counted in {@link
 * TrafficBuckets}.
 */
public final class WeightedProxy implements AutoCloseable {

  private final Server server;
  private final AtomicInteger canaryPercent = new AtomicInteger();
  private final Map<Backend, TrafficBuckets> traffic = new EnumMap<>(Backend.class);
  private final String host;

  private WeightedProxy(String host, int port, URI stable, URI canary, Duration bucket, Clock clock)
      throws IOException {
    this.host = host;
    for (Backend b : Backend.values()) {
      traffic.put(b, new TrafficBuckets(bucket, clock));
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("kintsugi-proxy");
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder =
        new ServletHolder(
            new SplitServlet(
                canaryPercent::get,
                Map.of(Backend.STABLE, stable, Backend.CANARY, canary),
                traffic));
    holder.setAsyncSupported(true);
    holder.setInitParameter("timeout", "30000"); // a request's whole exchange, at most
    context.addServlet(holder, "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts the proxy with all traffic to the stable backend.
   *
   * @param host the address to listen on ({@code 127.0.0.1}, {@code 0.0.0.0})
   * @param port the port; 0 picks a free one
   * @param stable the running version's base URL
   * @param canary the new version's base URL
   * @param bucket the time buckets' width (a second usually)
   */
  public static WeightedProxy start(
      String host, int port, URI stable, URI canary, Duration bucket, Clock clock)
      throws IOException {
    return new WeightedProxy(host, port, stable, canary, bucket, clock);
  }

  /** The port it listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Where to send traffic. */
  public URI url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : shown) + ":" + port());
  }

  /** The share of requests (0-100) that goes to the canary. */
  public int canaryPercent() {
    return canaryPercent.get();
  }

  /** Sends {@code percent} (0-100) of the next requests to the canary. */
  public void canaryPercent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("a weight is 0-100 %: " + percent);
    }
    canaryPercent.set(percent);
  }

  /** What a backend served. */
  public TrafficBuckets traffic(Backend backend) {
    return traffic.get(backend);
  }

  /** Stops listening; requests under way are cut. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Best effort: Jetty closes the connector first, so it no longer listens either way.
    }
  }
}
