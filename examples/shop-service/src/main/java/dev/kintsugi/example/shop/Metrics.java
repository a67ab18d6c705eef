package dev.kintsugi.example.shop;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shop's request counters in the Prometheus text exposition format, served at {@code
 * /metrics}. Written by hand because the sample keeps no dependencies; a real service would use
 * Micrometer or the Prometheus client.
 */
final class Metrics {

  private final LongAdder success = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder count = new LongAdder();
  private final AtomicLong nanos = new AtomicLong();

  void record(int status, long elapsedNanos) {
    (status >= 500 ? serverErrors : status >= 400 ? clientErrors : success).increment();
    count.increment();
    nanos.addAndGet(elapsedNanos);
  }

  String scrape(Faults faults) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP shop_http_requests_total Requests answered, by outcome.\n");
    out.append("# TYPE shop_http_requests_total counter\n");
    line(out, "shop_http_requests_total{outcome=\"success\"}", success.sum());
    line(out, "shop_http_requests_total{outcome=\"client_error\"}", clientErrors.sum());
    line(out, "shop_http_requests_total{outcome=\"server_error\"}", serverErrors.sum());
    out.append("# HELP shop_http_request_duration_seconds Time to answer a request.\n");
    out.append("# TYPE shop_http_request_duration_seconds summary\n");
    line(out, "shop_http_request_duration_seconds_count", count.sum());
    line(out, "shop_http_request_duration_seconds_sum", nanos.get() / 1e9);
    out.append("# HELP shop_jvm_heap_used_bytes Heap in use.\n");
    out.append("# TYPE shop_jvm_heap_used_bytes gauge\n");
    line(
        out,
        "shop_jvm_heap_used_bytes",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    out.append("# HELP shop_leaked_bytes Bytes kept by the leak fault.\n");
    out.append("# TYPE shop_leaked_bytes gauge\n");
    line(out, "shop_leaked_bytes", faults.leakedBytes());
    return out.toString();
  }

  private static void line(StringBuilder out, String name, double value) {
    out.append(name).append(' ').append(value).append('\n');
  }
}
