package dev.kintsugi.bench.scale;

import dev.kintsugi.bench.ingest.LoadGenerator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale-out benchmark's client and database probe (see README.md). Modes:
 *
 * <ul>
 *   <li>{@code schema-create BASE_URL NAME} / {@code schema-drop BASE_URL NAME}: a fresh schema;
 *   <li>{@code count URL}: events stored;
 *   <li>{@code load URL PROJECT KEY CONNECTIONS SECONDS HOST:PORT...}: Sentry envelopes (the ingest
 *       benchmark's ~2.5 KB Java exception, 40 fingerprints) over keep-alive connections, connection
 *       i to node i mod N; meanwhile samples {@code pg_stat_activity} of the database every 100 ms
 *       (what its server processes are doing: running, waiting for a lock, for the WAL, for the
 *       client). Prints the acknowledged rate, this process's CPU and the samples.
 * </ul>
 */
public final class ScaleLoad {
  private ScaleLoad() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "schema-create" -> sql(args[1], "CREATE SCHEMA " + args[2]);
      case "schema-drop" -> sql(args[1], "DROP SCHEMA " + args[2] + " CASCADE");
      case "count" -> System.out.println(count(args[1]));
      case "load" -> load(args);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static long count(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM event")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void load(String[] args) throws Exception {
    String url = args[1];
    long project = Long.parseLong(args[2]);
    String key = args[3];
    int connections = Integer.parseInt(args[4]);
    double seconds = Double.parseDouble(args[5]);
    List<String> nodes = List.of(args).subList(6, args.length);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long cpu0 = processCpuNanos();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      String[] node = nodes.get(i % nodes.size()).split(":");
      String host = node[0];
      int port = Integer.parseInt(node[1]);
      Thread t =
          new Thread(
              () -> {
                Socket socket = null;
                BufferedInputStream in = null;
                while (System.nanoTime() < end) {
                  try {
                    if (socket == null) {
                      socket = new Socket(host, port);
                      socket.setTcpNoDelay(true);
                      socket.setSoTimeout(10_000);
                      in = new BufferedInputStream(socket.getInputStream(), 8192);
                    }
                    if (post(socket, in, host, port, project, key) == 200) {
                      ok.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                  } catch (IOException e) {
                    failed.incrementAndGet();
                    close(socket);
                    socket = null;
                  }
                }
                close(socket);
              });
      t.start();
      threads.add(t);
    }
    Map<String, Long> waits = new TreeMap<>();
    long samples = 0;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      while (System.nanoTime() < end) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    + " AND backend_type = 'client backend' AND state <> 'idle'")) {
          while (rs.next()) {
            String what =
                rs.getString(2) == null
                    ? rs.getString(1) + " (on CPU)"
                    : rs.getString(1) + " / " + rs.getString(2) + ":" + rs.getString(3);
            waits.merge(what, 1L, Long::sum);
          }
        }
        samples++;
        Thread.sleep(100);
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "acked=%d failed=%d seconds=%.1f rate=%.0f/s client_cpu=%.1fs%n",
        ok.get(),
        failed.get(),
        elapsed,
        ok.get() / elapsed,
        cpu);
    System.out.printf(
        Locale.ROOT, "pg backends busy, mean over %d samples (100 ms apart):%n", samples);
    for (Map.Entry<String, Long> w : waits.entrySet()) {
      System.out.printf(
          Locale.ROOT, "  %-45s %.2f%n", w.getKey(), w.getValue() / (double) samples);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int post(
      Socket socket, InputStream in, String host, int port, long project, String key)
      throws IOException {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String id = String.format("%016x%016x", r.nextLong(), r.nextLong());
    byte[] body = LoadGenerator.envelope(id, r.nextInt(40)); // bench/ingest's event
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
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = 0;
    String header;
    while ((header = line(in)) != null && !header.isEmpty()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        throw new IOException("server closed the connection");
      }
    }
    in.readNBytes(length);
    return code;
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
}
