package dev.kintsugi.runtime.rollout;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback port that answers every request with its name and the path and
 * query it got ({@code stable /a?b=1}), 200, or 503 for paths under {@code /fail}.
 */
final class NamedServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);

  NamedServer(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          URI uri = exchange.getRequestURI();
          byte[] body =
              (name
                      + " "
                      + uri.getRawPath()
                      + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(uri.getPath().startsWith("/fail") ? 503 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A loopback URL nothing listens on. */
  static URI dead() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
