package dev.kintsugi.forge.git;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The first step of git's smart HTTP push as a forge answers it: {@code GET
 * /info/refs?service=git-receive-pack} without credentials gets 401 with a Basic challenge; with
 * credentials, 403 (this fake accepts nobody). It records the Authorization headers it was sent.
 */
final class FakeGitHttp implements AutoCloseable {

  private final HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  FakeGitHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body;
            if (auth == null) {
              exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"forge\"");
              body = "HTTP Basic: Access denied\n".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(401, body.length);
            } else {
              authorizations.add(auth);
              body =
                  "You are not allowed to push code to this project.\n"
                      .getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(403, body.length);
            }
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  void clear() {
    authorizations.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
