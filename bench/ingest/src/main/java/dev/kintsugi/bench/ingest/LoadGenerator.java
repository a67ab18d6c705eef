package dev.kintsugi.bench.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends Sentry envelopes (a realistic Java exception event, ~2.5 KB, 40 distinct fingerprints,
 * with a password and a card number to scrub) over N keep-alive connections for a fixed time,
 * then prints rates. A minimal blocking HTTP/1.1 client is written here on purpose: the JDK
 * HttpClient spends more CPU per request than the server under test, and this machine shares
 * its two cores between generator and server.
 *
 * <p>Usage: {@code LoadGenerator HOST PORT PROJECT KEY CONNECTIONS SECONDS [ACKED_FILE]}. With
 * ACKED_FILE, the ids of events answered 200 are written there (for the kill -9 check).
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    long project = Long.parseLong(args[2]);
    String key = args[3];
    int connections = Integer.parseInt(args[4]);
    double seconds = Double.parseDouble(args[5]);
    Path ackedFile = args.length > 6 ? Path.of(args[6]) : null;

    AtomicLong ok = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      Thread t =
          new Thread(
              () -> {
                Socket socket = null;
                while (System.nanoTime() < end) {
                  try {
                    if (socket == null) {
                      socket = new Socket(host, port);
                      socket.setTcpNoDelay(true);
                      socket.setSoTimeout(10_000);
                    }
                    String id = newId();
                    int status = post(socket, host, port, project, key, id);
                    if (status == 200) {
                      ok.incrementAndGet();
                      if (ackedFile != null) {
                        acked.add(id);
                      }
                    } else if (status == 429) {
                      refused.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                  } catch (IOException e) {
                    failed.incrementAndGet();
                    close(socket);
                    socket = null;
                    sleepQuietly(20);
                  }
                }
                close(socket);
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "sent=%d ok=%d refused=%d failed=%d seconds=%.1f rate=%.0f/s%n",
        ok.get() + refused.get() + failed.get(),
        ok.get(),
        refused.get(),
        failed.get(),
        elapsed,
        ok.get() / elapsed);
    if (ackedFile != null) {
      try (BufferedWriter w = Files.newBufferedWriter(ackedFile)) {
        for (String id : acked) {
          w.write(id);
          w.newLine();
        }
      }
    }
  }

  private static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%016x", r.nextLong(), r.nextLong());
  }

  /**
   * The benchmark's event: ~2.5 KB Java exception, {@code site} one of 40 fingerprints, a password
   * and a card number to scrub; also sent by {@code bench/scale}.
   */
  public static byte[] envelope(String id, int site) {
    StringBuilder frames = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      if (i > 0) {
        frames.append(',');
      }
      boolean inApp = i >= 14;
      frames
          .append("{\"module\":\"")
          .append(inApp ? "com.acme.shop.Checkout" : "org.springframework.web.Dispatcher" + i)
          .append("\",\"function\":\"")
          .append(inApp ? "step" + (i == 17 ? site : i) : "handle")
          .append("\",\"filename\":\"X.java\",\"lineno\":")
          .append(10 + i)
          .append(",\"in_app\":")
          .append(inApp)
          .append('}');
    }
    String event =
        "{\"event_id\":\""
            + id
            + "\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"platform\":\"java\",\"level\":\"error\","
            + "\"release\":\"shop@1.0."
            + (site % 3)
            + "\",\"environment\":\"production\",\"server_name\":\"web-1\","
            + "\"message\":{\"formatted\":\"payment failed for card 4111 1111 1111 1111\"},"
            + "\"extra\":{\"password\":\"hunter2\",\"orderId\":\"A-"
            + site
            + "\"},\"tags\":{\"region\":\"eu\"},"
            + "\"exception\":{\"values\":[{\"type\":\"IllegalStateException\","
            + "\"module\":\"java.lang\",\"value\":\"order "
            + site
            + " in bad state\",\"stacktrace\":{\"frames\":["
            + frames
            + "]}}]},"
            + "\"sdk\":{\"name\":\"sentry.java\",\"version\":\"8.23.0\"}}";
    byte[] payload = event.getBytes(StandardCharsets.UTF_8);
    String head =
        "{\"event_id\":\""
            + id
            + "\",\"sent_at\":\"2025-01-01T00:00:00Z\"}\n{\"type\":\"event\",\"length\":"
            + payload.length
            + "}\n";
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[h.length + payload.length + 1];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(payload, 0, out, h.length, payload.length);
    out[out.length - 1] = '\n';
    return out;
  }

  private static int post(Socket socket, String host, int port, long project, String key, String id)
      throws IOException {
    byte[] body = envelope(id, ThreadLocalRandom.current().nextInt(40));
    String head =
        "POST /api/"
            + project
            + "/envelope/ HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nX-Sentry-Auth: Sentry sentry_version=7, sentry_client=bench/1, sentry_key="
            + key
            + "\r\nContent-Type: application/x-sentry-envelope\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return readResponse(socket);
  }

  /** Reads one response (status line, headers, Content-Length body); returns the status. */
  private static int readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    if (!(in instanceof BufferedInputStream)) {
      in = buffered(socket);
    }
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    boolean close = false;
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    in.readNBytes(length);
    if (close) {
      throw new IOException("server closed the connection");
    }
    return code;
  }

  private static final ThreadLocal<BufferedInputStream> BUFFERS = new ThreadLocal<>();
  private static final ThreadLocal<Socket> BUFFER_SOCKET = new ThreadLocal<>();

  private static InputStream buffered(Socket socket) throws IOException {
    if (BUFFER_SOCKET.get() != socket) {
      BUFFERS.set(new BufferedInputStream(socket.getInputStream(), 8192));
      BUFFER_SOCKET.set(socket);
    }
    return BUFFERS.get();
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static void close(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
