package dev.kintsugi.runtime.signal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Scrapes one target: counters become per-second rates between two scrapes (a counter that went
 * down was reset, and counts from zero, as Prometheus' {@code rate} reads it), gauges stay values.
 * Not thread-safe: one scrape of a target at a time.
 */
final class Scraper {
  /** A scrape body larger than this is a failed scrape. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  private final ScrapeTarget target;
  private final HttpFetch http;
  private final Consumer<String> log;
  private final Set<String> known = new HashSet<>();
  private final Map<String, Last> counters = new HashMap<>();
  private Boolean up; // null until the first scrape
  private boolean capLogged;

  private record Last(Instant at, double value) {}

  Scraper(ScrapeTarget target, HttpFetch http, Consumer<String> log) {
    this.target = target;
    this.http = http;
    this.log = log;
  }

  ScrapeTarget target() {
    return target;
  }

  /** Scrapes once; the observations always include {@code <target>/up}. */
  List<Observation> scrape(Instant now) {
    List<PrometheusText.Sample> samples;
    try {
      HttpFetch.Answer answer = http.get(target.url(), ACCEPT, target.timeout(), MAX_BODY_BYTES);
      if (answer.status() != 200) {
        throw new HttpFetch.Failure("HTTP " + answer.status());
      }
      samples = PrometheusText.parse(answer.body(), target::keeps);
    } catch (HttpFetch.Failure | IOException e) {
      if (!Boolean.FALSE.equals(up)) {
        log.accept("scrape " + target.name() + " (" + target.url() + ") failed: " + e.getMessage());
      }
      up = false;
      return List.of(up(now, 0));
    }
    if (Boolean.FALSE.equals(up)) {
      log.accept("scrape " + target.name() + " works again");
    }
    up = true;
    List<Observation> out = new ArrayList<>();
    for (PrometheusText.Sample s : samples) {
      if (!Double.isFinite(s.value())) {
        continue; // NaN (a gauge with nothing to say) or ±Inf: nothing a detector can score
      }
      String series = SeriesNames.scraped(target.name(), s.name(), s.labels());
      if (!known.contains(series)) {
        if (known.size() >= target.maxSeries()) {
          if (!capLogged) {
            capLogged = true;
            log.accept(
                "scrape "
                    + target.name()
                    + ": more than "
                    + target.maxSeries()
                    + " series (maxSeries), further series are dropped, first "
                    + series);
          }
          continue;
        }
        known.add(series);
      }
      if (s.counter()) {
        Last previous = counters.put(series, new Last(now, s.value()));
        if (previous != null && now.isAfter(previous.at())) {
          double delta = s.value() - previous.value();
          if (delta < 0) {
            delta = s.value(); // reset: the process restarted and counts from zero
          }
          double seconds = Duration.between(previous.at(), now).toNanos() / 1e9;
          out.add(new Observation(target.project(), series, now, delta / seconds, true));
        }
      } else {
        out.add(new Observation(target.project(), series, now, s.value(), true));
      }
    }
    out.add(up(now, 1));
    return out;
  }

  private Observation up(Instant now, double value) {
    return new Observation(target.project(), SeriesNames.up(target.name()), now, value, false);
  }
}
