package dev.kintsugi.example.shop;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Starts the shop: {@code java -jar shop-service.jar [--port N]} (default 8080; 0 picks a free
 * port). Listens on the loopback interface only and prints exactly one line to stdout once it
 * serves: {@code listening on http://127.0.0.1:<port>}. Logs go to stderr.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws IOException {
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--port") && i + 1 < args.length) {
        port = parsePort(args[++i]);
      } else if (arg.startsWith("--port=")) {
        port = parsePort(arg.substring("--port=".length()));
      } else {
        usage("unknown argument: " + arg);
      }
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      // One line per record, then the stack trace: easier to read in a terminal.
      System.setProperty(
          "java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    ShopServer server =
        ShopServer.start(
            new InetSocketAddress("127.0.0.1", port),
            Catalog.sample(),
            Inventory.sample(),
            OrderBook.sample());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shop-shutdown"));
    System.out.println("listening on http://127.0.0.1:" + server.port());
    System.out.flush();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage message
    }
    usage("bad port: " + value);
    return -1; // not reached
  }

  private static void usage(String problem) {
    System.err.println("shop-service: " + problem);
    System.err.println("usage: java -jar shop-service.jar [--port N]");
    System.exit(2);
  }
}
