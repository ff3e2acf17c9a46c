package io.vigil.collectors.prometheus;

import io.vigil.collectors.delivery.RecordSink;
import io.vigil.schemas.avro.MetricSample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scrapes one exposition endpoint on an interval and publishes the mapped families as MetricSamples. */
public final class PrometheusScraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusScraper.class);

  /** One scrape target: URL, interval, the source name and the family prefixes to forward. */
  public record Target(String url, Duration interval, String source, List<String> families) {}

  private final Target target;
  private final RecordSink sink;
  private final AtomicLong seq;
  private final String nodeId;
  private final String tenant;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "prometheus-scrape");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong failures = new AtomicLong();

  public PrometheusScraper(Target target, RecordSink sink, AtomicLong seq, String nodeId, String tenant) {
    this.target = target;
    this.sink = sink;
    this.seq = seq;
    this.nodeId = nodeId;
    this.tenant = tenant;
  }

  public void start() {
    long ms = target.interval().toMillis();
    timer.scheduleWithFixedDelay(this::scrapeOnce, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** One scrape; failures are logged and counted, never thrown (the next interval tries again). */
  public int scrapeOnce() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target.url()))
          .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
          .timeout(target.interval().compareTo(Duration.ofSeconds(30)) < 0 ? target.interval() : Duration.ofSeconds(30))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode());
      }
      List<MetricSample> samples = ScrapeMapper.map(ExpositionParser.parse(r.body()), target.families(),
          target.source(), nodeId, tenant, seq::incrementAndGet, Instant.now());
      sink.publish(samples);
      return samples.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (Exception e) {
      failures.incrementAndGet();
      LOG.warn("scrape of {} failed: {}", target.url(), e.toString());
      return 0;
    }
  }

  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
