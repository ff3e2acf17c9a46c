package io.vigil.bench.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vigil.alerting.config.ConfigLoader;
import io.vigil.alerting.runtime.AlertingRuntime;
import io.vigil.alerting.runtime.Settings;
import io.vigil.schemas.avro.AlertEvent;
import io.vigil.schemas.avro.AlertStatus;
import io.vigil.schemas.avro.Severity;
import io.vigil.schemas.wire.SpecificAvroSerializer;
import io.vigil.testkit.http.RecordingHttpReceiver;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.registry.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alerting latency: from a firing AlertEvent acknowledged on {@code vigil.alerts.v1} to the webhook receiver getting
 * the notification, group_wait 0, one group per alert, 1,000 alerts. Prints one JSON line with p50/p99.
 * Usage: AlertLatencyBench [alerts] [spacing_ms]
 */
public final class AlertLatencyBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long spacingMs = args.length > 1 ? Long.parseLong(args[1]) : 5;
    // The local JDK receiver would otherwise add Nagle + delayed-ACK stalls (40 ms) that real receivers do not.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    KafkaBroker broker = KafkaBroker.shared();
    Postgres pg = Postgres.shared();
    String db = pg.newDatabase();
    try (Connection c = pg.connect(db)) {
      c.createStatement().execute("""
          CREATE TABLE alert_notifications (id bigserial PRIMARY KEY, tenant text NOT NULL DEFAULT 'default',
            group_key text NOT NULL, receiver text NOT NULL, status text NOT NULL, fingerprints text[] NOT NULL,
            alerts_hash text NOT NULL, outcome text NOT NULL, attempts integer NOT NULL DEFAULT 1, http_status integer,
            error text, sent_at timestamptz NOT NULL DEFAULT now());
          CREATE INDEX alert_notifications_group ON alert_notifications (group_key, receiver, sent_at DESC);
          CREATE TABLE silences (id uuid PRIMARY KEY, tenant text NOT NULL DEFAULT 'default', matchers jsonb NOT NULL,
            starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, created_by text NOT NULL,
            comment text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now());
          """);
    }
    Map<String, Instant> arrived = new ConcurrentHashMap<>();
    try (RecordingHttpReceiver hook = new RecordingHttpReceiver(RecordingHttpReceiver.Answer.of(200, "{}"))) {
      String yaml = """
          receivers:
            - {name: hook, type: webhook, url: '%s', rate_limit_per_s: 100000}
          route:
            receiver: hook
            group_by: [alertname, stream_id]
            group_wait: 0s
          """.formatted(hook.url("/hook"));
      String suffix = UUID.randomUUID().toString();
      Settings s = new Settings(broker.bootstrapServers(), TestRegistry.url(), pg.jdbcUrl(db), "postgres", "", "-",
          "bench-alerts-" + suffix, "bench-groups-" + suffix, "bench-" + suffix, 1, (short) 1, Duration.ofMillis(20),
          Duration.ofSeconds(2));
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      Map<String, Instant> committed = new ConcurrentHashMap<>();
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(pg.jdbcUrl(db));
      hc.setUsername("postgres");
      hc.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(hc);
           AlertingRuntime rt = new AlertingRuntime(s, ConfigLoader.parse(yaml, "bench", k -> null), pool);
           var producer = new KafkaProducer<>(p, new StringSerializer(),
               new SpecificAvroSerializer<AlertEvent>(TestRegistry.client()))) {
        // Warm-up: schema registration, connections, JIT; not measured.
        send(producer, s.alertsTopic(), "warm", committed);
        long deadline = System.currentTimeMillis() + 30_000;
        while (hook.requests().isEmpty() && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        hook.clear();
        committed.clear();
        for (int i = 0; i < n; i++) {
          send(producer, s.alertsTopic(), "fp-" + i, committed);
          Thread.sleep(spacingMs);
        }
        producer.flush();
        deadline = System.currentTimeMillis() + 60_000;
        while (hook.requests().size() < n && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        for (var r : hook.requests()) {
          String fp = JSON.readTree(r.body()).path("alerts").get(0).path("fingerprint").asText();
          arrived.putIfAbsent(fp, r.at());
        }
        List<Long> lat = new ArrayList<>();
        for (var e : committed.entrySet()) {
          Instant a = arrived.get(e.getKey());
          if (a != null) {
            lat.add(Duration.between(e.getValue(), a).toNanos() / 1_000);
          }
        }
        Collections.sort(lat);
        System.out.println(JSON.writeValueAsString(Map.of(
            "bench", "alerting_commit_to_receiver_latency",
            "alerts", n, "delivered", lat.size(), "duplicates", hook.requests().size() - arrived.size(),
            "spacing_ms", spacingMs,
            "p50_ms", pct(lat, 0.50), "p99_ms", pct(lat, 0.99), "max_ms", pct(lat, 1.0),
            "target_p99_ms", 200)));
      }
    }
    System.exit(0);
  }

  private static void send(KafkaProducer<String, AlertEvent> producer, String topic, String fp,
                           Map<String, Instant> committed) {
    Instant t = Instant.now();
    AlertEvent e = AlertEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setFingerprint(fp)
        .setRuleId("high_loss").setStatus(AlertStatus.firing).setSeverity(Severity.warning)
        .setLabels(Map.of("alertname", "high_loss", "stream_id", fp)).setAnnotations(Map.of("summary", "loss"))
        .setStartsAt(t).setUpdatedAt(t).build();
    producer.send(new ProducerRecord<>(topic, fp, e), (md, ex) -> {
      if (ex == null) {
        committed.put(fp, Instant.now());
      }
    });
  }

  private static double pct(List<Long> sortedMicros, double q) {
    if (sortedMicros.isEmpty()) {
      return -1;
    }
    int idx = (int) Math.min(sortedMicros.size() - 1, Math.ceil(q * sortedMicros.size()) - 1);
    return Math.round(sortedMicros.get(Math.max(0, idx)) / 10.0) / 100.0;
  }
}
