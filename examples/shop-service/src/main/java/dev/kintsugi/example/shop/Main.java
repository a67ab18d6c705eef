package dev.kintsugi.example.shop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the shop: {@code java -jar shop-service.jar [--port N] [--fault KIND]... [--flags FILE]
 * [--pid-file FILE]} (port default 8080; 0 picks a free port). Listens on the loopback interface
 * only and prints exactly one line to stdout once it serves: {@code listening on
 * http://127.0.0.1:<port>}. Logs go to stderr. {@code --fault} switches a {@link Faults} fault on
 * from the start; {@code --flags} reads feature flags from a flagd flag file; {@code --pid-file}
 * writes the process id once serving (what a supervisor restarts).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws IOException {
    int port = 8080;
    Faults faults = new Faults();
    Flags flags = Flags.none();
    Path pidFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--port") && i + 1 < args.length) {
        port = parsePort(args[++i]);
      } else if (arg.startsWith("--port=")) {
        port = parsePort(arg.substring("--port=".length()));
      } else if (arg.equals("--fault") && i + 1 < args.length) {
        try {
          faults.switchOn(Faults.Kind.parse(args[++i]));
        } catch (ShopException e) {
          usage(e.getMessage());
        }
      } else if (arg.equals("--flags") && i + 1 < args.length) {
        flags = new Flags(Path.of(args[++i]));
      } else if (arg.equals("--pid-file") && i + 1 < args.length) {
        pidFile = Path.of(args[++i]);
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
            OrderBook.sample(),
            faults,
            flags);
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shop-shutdown"));
    if (pidFile != null) {
      Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    }
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
    System.err.println(
        "usage: java -jar shop-service.jar [--port N] [--fault latency|errors|leak]..."
            + " [--flags FILE] [--pid-file FILE]");
    System.exit(2);
  }
}
