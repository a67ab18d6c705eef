package dev.kintsugi.runtime.signal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A real HTTP server on a loopback port answering one path with what the test says: a status, a
 * content type and a body, optionally after a delay.
 */
final class FakeService implements AutoCloseable {
  record Reply(int status, String contentType, String body, long delayMillis) {
    static Reply ok(String contentType, String body) {
      return new Reply(200, contentType, body, 0);
    }
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService threads =
      java.util.concurrent.Executors.newCachedThreadPool();
  private volatile Supplier<Reply> reply;

  FakeService(String path, Supplier<Reply> reply) throws IOException {
    this.reply = reply;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        path,
        exchange -> {
          Reply r = this.reply.get();
          try {
            if (r.delayMillis() > 0) {
              Thread.sleep(r.delayMillis());
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (InterruptedException | IOException e) {
            // the client gave up (timeout test)
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  void reply(Supplier<Reply> reply) {
    this.reply = reply;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
