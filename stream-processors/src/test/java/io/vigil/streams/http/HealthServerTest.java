package io.vigil.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.streams.config.StreamsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** GET /health follows the KafkaStreams state: 200 while RUNNING or REBALANCING, 503 with the state otherwise. */
class HealthServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answersWithTheCurrentState() throws Exception {
    AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    try (HealthServer server = new HealthServer(0, state::get)) {
      assertThat(server.port()).isPositive();
      assertHealth(server, 503, "{\"status\":\"DOWN\",\"state\":\"CREATED\"}");
      state.set(KafkaStreams.State.RUNNING);
      assertHealth(server, 200, "{\"status\":\"UP\",\"state\":\"RUNNING\"}");
      state.set(KafkaStreams.State.REBALANCING);
      assertHealth(server, 200, "{\"status\":\"UP\",\"state\":\"REBALANCING\"}");
      for (KafkaStreams.State down : new KafkaStreams.State[] {KafkaStreams.State.PENDING_SHUTDOWN,
          KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING}) {
        state.set(down);
        assertHealth(server, 503, "{\"status\":\"DOWN\",\"state\":\"" + down + "\"}");
      }
    }
  }

  @Test
  void portComesFromTheEnvironmentAndCanBeTurnedOff() {
    assertThat(StreamsSettings.fromEnv(Map.of()).healthPort()).isEqualTo(8050);
    assertThat(StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_HEALTH_PORT", "18050")).healthPort()).isEqualTo(18050);
    assertThat(StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_HEALTH_PORT", "0")).healthPort()).isZero();
    assertThat(StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_HEALTH_PORT", "off")).healthPort()).isZero();
    assertThatThrownBy(() -> StreamsSettings.fromEnv(Map.of("VIGIL_STREAMS_HEALTH_PORT", "eighty")))
        .hasMessageContaining("VIGIL_STREAMS_HEALTH_PORT");
  }

  private static void assertHealth(HealthServer server, int status, String body) throws Exception {
    var resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(status);
    assertThat(resp.body()).isEqualTo(body);
    assertThat(resp.headers().firstValue("Content-Type")).contains("application/json");
  }
}
