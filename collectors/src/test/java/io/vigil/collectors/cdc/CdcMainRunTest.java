package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.schemas.avro.LifecycleEntity;
import io.vigil.schemas.topics.Topic;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.postgres.Postgres;
import io.vigil.testkit.registry.TestRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CdcMain's wiring as ./vigil up uses it (environment only, control-plane init, simulator on), run in-process: a
 * separate JVM costs a minute of class loading on this shared 2-core machine. The stop latch is what SIGTERM opens.
 */
class CdcMainRunTest {

  @Test
  void mainCapturesTheSimulatedControlPlaneAndStopsCleanly() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    Postgres pg = Postgres.shared();
    String db = pg.jdbcUrl(pg.newDatabase());
    CdcTestSupport.sql(db, CdcTestSupport.alertRulesDdl()); // owned by the sink's migrations in the real stack
    String lifecycle = "main.lifecycle." + ProcessHandle.current().pid();
    broker.createTopics(lifecycle);
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    env.put("VIGIL_SCHEMA_REGISTRY_URL", TestRegistry.url());
    env.put("VIGIL_CDC_DB_URL", db);
    env.put("VIGIL_CDC_DB_USER", "postgres");
    env.put("VIGIL_CDC_SLOT", "main_" + ProcessHandle.current().pid());
    env.put("VIGIL_CDC_PUBLICATION", "main_pub");
    env.put("VIGIL_CDC_LIFECYCLE_TOPIC", lifecycle);
    env.put("VIGIL_TOPIC_PARTITIONS", "1");
    env.put("VIGIL_CDC_CONTROLPLANE_INIT", "true");
    env.put("VIGIL_CDC_SIMULATE", "true");
    env.put("VIGIL_CDC_SIMULATE_INTERVAL_MS", "300");
    int healthPort;
    try (var probe = new java.net.ServerSocket(0)) {
      healthPort = probe.getLocalPort(); // never the fixed default 8055: tests must not collide with a running stack
    }
    env.put("VIGIL_CDC_HEALTH_PORT", Integer.toString(healthPort));

    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread main = new Thread(() -> {
      try {
        CdcMain.run(env, stop);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "cdc-main-under-test");
    main.start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> failure.get() != null || CdcTestSupport.lifecycle(lifecycle).stream()
          .anyMatch(o -> o.value().getEntity() == LifecycleEntity.stream && o.key().startsWith("sim-")));
      assertThat(failure.get()).isNull();
      var http = java.net.http.HttpClient.newHttpClient();
      var health = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + healthPort + "/health")).build();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var resp = http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).contains("\"state\":\"RUNNING\"", "\"counters\":{");
      });
      try (var admin = broker.admin()) {
        assertThat(admin.listTopics().names().get()).contains(Topic.ALERT_RULES.topicName());
      }
    } finally {
      stop.countDown();
      main.join(30_000);
    }
    assertThat(main.isAlive()).as("run() returns within 30 s of the stop signal").isFalse();
    assertThat(failure.get()).isNull();
  }
}
