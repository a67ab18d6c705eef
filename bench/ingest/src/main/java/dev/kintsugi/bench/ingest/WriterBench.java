package dev.kintsugi.bench.ingest;

import dev.kintsugi.server.store.*;
import java.lang.management.*;
import java.security.SecureRandom;
import java.time.*;
import java.util.*;

/**
 * The event writer alone, without HTTP or journal: writes BATCH events per transaction on the
 * calling thread, repeats for SECONDS (after a 3 s warm-up) and prints events/s and CPU per event. Usage: {@code
 * WriterBench JDBC_URL BATCH SECONDS}; {@code -Dpsize=N} payload bytes (2500), {@code
 * -Dsql="A;;B"} statements to run after migration (to try schema variants).
 */
public final class WriterBench {
  /** Bytes this process passed to write calls so far (Linux). */
  static long wchar() throws java.io.IOException {
    for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/io"))) {
      if (l.startsWith("wchar:")) return Long.parseLong(l.substring(6).trim());
    }
    return 0;
  }

  public static void main(String[] a) throws Exception {
    String url = a[0]; int batch = Integer.parseInt(a[1]); int secs = Integer.parseInt(a[2]);
    Database db = Database.open(url);
    String extra = System.getProperty("sql", "");
    if (!extra.isEmpty()) try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
      for (String q : extra.split(";;")) st.execute(q);
      try (var rs = st.executeQuery("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME='EVENT'")) { while (rs.next()) System.out.print(rs.getString(1) + " "); }
      System.out.println();
    }
    Store store = new Store(db, Clock.systemUTC(), new SecureRandom());
    long pid = store.createProject("b", Optional.empty(), List.of("com.acme")).id();
    byte[] payload = new byte[Integer.getInteger("psize", 2500)]; Arrays.fill(payload, (byte) 'x');
    Random r = new Random(1);
    EventWriter w = new EventWriter(db, EventWriter.Listener.NONE);
    long end = System.nanoTime() + secs * 1_000_000_000L, warm = System.nanoTime() + 3_000_000_000L;
    long n = 0; long t0 = 0; long cpu0 = 0; long w0 = 0;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    while (System.nanoTime() < end) {
      if (t0 == 0 && System.nanoTime() > warm) { t0 = System.nanoTime(); n = 0; cpu0 = mx.getCurrentThreadCpuTime(); w0 = wchar(); }
      List<NewEvent> events = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        String id = UUID.randomUUID().toString().replace("-", "");
        events.add(new NewEvent(pid, id, "fp" + r.nextInt(40), "T", "c", Optional.of("1.0"), Optional.of("prod"), Instant.now(), payload));
      }
      w.write(events);
      n += batch;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("events/s=%.0f writer-cpu-us/event=%.1f written-bytes/event=%d%n", n / s, (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / n, (wchar() - w0) / n);
    db.close();
  }
}
