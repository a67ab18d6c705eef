import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic for the rollout: THREADS clients, each sending one request every PAUSE ms (closed loop)
 * to the proxy, round robin over the app's read endpoints. Runs until killed; prints a line of
 * totals every 10 s. Usage: java Load.java http://127.0.0.1:18088 [threads=4] [pauseMs=40]
 */
public class Load {
  static final List<String> PATHS =
      List.of("/api/product", "/api/product/1", "/api/product/2", "/api/product/3",
          "/api/product/4", "/api/user");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    long pause = args.length > 2 ? Long.parseLong(args[2]) : 40;
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicLong ok = new AtomicLong(), err = new AtomicLong(), failed = new AtomicLong();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread th = new Thread(() -> {
        for (long i = offset; ; i++) {
          String path = PATHS.get((int) (i % PATHS.size()));
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(5));
          if (path.equals("/api/user")) {
            b.header("Accept", "application/vnd.user.v1+json");
          }
          try {
            int s = client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            (s >= 500 ? err : ok).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      th.setDaemon(true);
      th.start();
    }
    while (true) {
      Thread.sleep(10_000);
      System.out.printf("load: %d ok, %d 5xx, %d failed%n", ok.get(), err.get(), failed.get());
    }
  }
}
