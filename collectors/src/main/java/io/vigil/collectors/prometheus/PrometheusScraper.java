package io.vigil.collectors.prometheus;

import io.vigil.collectors.delivery.RecordSink;
import java.util.ArrayList;
import org.apache.avro.specific.SpecificRecord;
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

/**
 * Scrapes one exposition endpoint on an interval and publishes the chosen families as MetricSamples and the mapping's
 * {@code fields:} as HealthSamples/QualitySamples ({@link ScrapeFieldMapper}).
 */
public final class PrometheusScraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusScraper.class);

  /** One scrape target: URL, interval, the source name, the family prefixes to forward and the field mappings. */
  public record Target(String url, Duration interval, String source, List<String> families,
      List<FieldMapping> fields) {
    public Target(String url, Duration interval, String source, List<String> families) {
      this(url, interval, source, families, List.of());
    }
  }

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
  private final ScrapeFieldMapper fieldMapper;

  public PrometheusScraper(Target target, RecordSink sink, AtomicLong seq, String nodeId, String tenant) {
    this.target = target;
    this.sink = sink;
    this.seq = seq;
    this.nodeId = nodeId;
    this.tenant = tenant;
    this.fieldMapper = new ScrapeFieldMapper(target.fields(), target.source());
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
      ExpositionParser.Scrape scrape = ExpositionParser.parse(r.body());
      Instant now = Instant.now();
      List<SpecificRecord> records = new ArrayList<>(ScrapeMapper.map(scrape, target.families(), target.source(),
          nodeId, tenant, seq::incrementAndGet, now));
      if (!fieldMapper.isEmpty()) {
        records.addAll(fieldMapper.map(scrape, nodeId, tenant, seq::incrementAndGet, now));
      }
      sink.publish(records);
      return records.size();
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
