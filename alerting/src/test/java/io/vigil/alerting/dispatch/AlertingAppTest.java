package io.vigil.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.alerting.support.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Micronaut service starts from its settings, serves /health and /status, and stops cleanly. */
class AlertingAppTest {
  @Test
  void startsServesStatusAndStops(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("alerting.yml");
    Files.writeString(config, "receivers: [{name: w, type: webhook, url: 'http://127.0.0.1:9/x'}]\nroute: {receiver: w}\n");
    try (Stack stack = new Stack(1)) {
      var s = stack.settings();
      Map<String, Object> props = Map.of(
          "micronaut.server.port", -1,
          "vigil.kafka.bootstrap", s.kafkaBootstrap(),
          "vigil.schema.registry.url", s.schemaRegistryUrl(),
          "vigil.db.url", s.dbUrl(),
          "vigil.alerting.config", config.toString(),
          "vigil.alerting.topic", s.alertsTopic(),
          "vigil.alerting.groups.topic", s.groupsTopic(),
          "vigil.alerting.group.id", s.groupIdPrefix(),
          "vigil.kafka.partitions", "1");
      try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
        HttpClient http = HttpClient.newHttpClient();
        var status = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/status")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"sent\":0").contains("\"groups\":0");
        var health = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      }
    }
  }
}
