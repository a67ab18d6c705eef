package dev.kintsugi.runtime.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightedProxyTest {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  NamedServer stable;
  NamedServer canary;

  @BeforeEach
  void backends() throws IOException {
    stable = new NamedServer("stable");
    canary = new NamedServer("canary");
  }

  @AfterEach
  void stop() {
    stable.close();
    canary.close();
  }

  static HttpResponse<String> get(URI base, String pathAndQuery)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * How many of {@code n} requests the canary answered; 16 at a time (the JDK's server answers a
   * kept-alive connection only after the client's delayed ACK, some 40 ms).
   */
  static int canaryAnswers(WeightedProxy proxy, int n) throws Exception {
    ExecutorService users = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Boolean>> requests = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        requests.add(() -> get(proxy.url(), "/x").body().startsWith("canary"));
      }
      int canaries = 0;
      for (Future<Boolean> answer : users.invokeAll(requests)) {
        canaries += answer.get() ? 1 : 0;
      }
      return canaries;
    } finally {
      users.shutdownNow();
    }
  }

  static long total(TrafficBuckets traffic, java.util.function.ToLongFunction<TrafficBucket> f) {
    return traffic.between(0, Long.MAX_VALUE - 1).stream().mapToLong(f).sum();
  }

  @Test
  void requestsAreSplitByTheWeightAndEachBackendsTrafficIsCounted() throws Exception {
    try (WeightedProxy proxy =
        WeightedProxy.start(
            "127.0.0.1",
            0,
            stable.url(),
            canary.url(),
            Duration.ofMillis(100),
            Clock.systemUTC())) {
      proxy.canaryPercent(30);
      int n = 600;
      int canaries = canaryAnswers(proxy, n);
      // 30 % of 600 is 180; the binomial's standard deviation is about 11.
      assertThat(canaries).isBetween(135, 225);
      Thread.sleep(120); // let the last bucket close
      assertThat(total(proxy.traffic(Backend.CANARY), TrafficBucket::requests)).isEqualTo(canaries);
      assertThat(total(proxy.traffic(Backend.STABLE), TrafficBucket::requests))
          .isEqualTo(n - canaries);
      assertThat(total(proxy.traffic(Backend.STABLE), TrafficBucket::errors)).isZero();
      List<TrafficBucket> buckets = proxy.traffic(Backend.STABLE).between(0, Long.MAX_VALUE - 1);
      assertThat(buckets).allSatisfy(b -> assertThat(b.p99Millis()).isPositive().isLessThan(5_000));
    }
  }

  @Test
  void aWeightChangeHoldsFromTheNextRequest() throws Exception {
    try (WeightedProxy proxy =
        WeightedProxy.start(
            "127.0.0.1", 0, stable.url(), canary.url(), Duration.ofSeconds(1), Clock.systemUTC())) {
      assertThat(proxy.canaryPercent()).isZero();
      assertThat(canaryAnswers(proxy, 40)).isZero();
      proxy.canaryPercent(100);
      assertThat(canaryAnswers(proxy, 40)).isEqualTo(40);
      proxy.canaryPercent(0);
      assertThat(canaryAnswers(proxy, 40)).isZero();
    }
  }

  @Test
  void thePathAndQueryGoThroughAndA5xxIsAnError() throws Exception {
    try (WeightedProxy proxy =
        WeightedProxy.start(
            "127.0.0.1", 0, stable.url(), canary.url(), Duration.ofMillis(50), Clock.systemUTC())) {
      HttpResponse<String> ok = get(proxy.url(), "/products/MUG-01?category=tea&x=%20y");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("stable /products/MUG-01?category=tea&x=%20y");
      HttpResponse<String> failing = get(proxy.url(), "/fail/now");
      assertThat(failing.statusCode()).isEqualTo(503);
      Thread.sleep(60);
      assertThat(total(proxy.traffic(Backend.STABLE), TrafficBucket::requests)).isEqualTo(2);
      assertThat(total(proxy.traffic(Backend.STABLE), TrafficBucket::errors)).isEqualTo(1);
    }
  }

  @Test
  void aBackendNothingListensOnCountsEveryRequestAsAnError() throws Exception {
    try (WeightedProxy proxy =
        WeightedProxy.start(
            "127.0.0.1",
            0,
            stable.url(),
            NamedServer.dead(),
            Duration.ofMillis(50),
            Clock.systemUTC())) {
      proxy.canaryPercent(100);
      for (int i = 0; i < 10; i++) {
        assertThat(get(proxy.url(), "/x").statusCode()).isEqualTo(502); // Bad Gateway
      }
      Thread.sleep(60);
      TrafficBuckets dead = proxy.traffic(Backend.CANARY);
      assertThat(total(dead, TrafficBucket::requests)).isEqualTo(10);
      assertThat(total(dead, TrafficBucket::errors)).isEqualTo(10);
      assertThat(dead.between(0, Long.MAX_VALUE - 1))
          .allSatisfy(b -> assertThat(b.p99Millis()).isNaN()); // no answer, no latency
      assertThat(total(proxy.traffic(Backend.STABLE), TrafficBucket::requests)).isZero();
    }
  }
}
