package io.vigil.collectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** GET /health follows CdcSource.health(): 200 while RUNNING, 503 otherwise, with the health and counters as JSON. */
class CdcHealthServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answersWithTheSourcesHealthAndCounters() throws Exception {
    Instant since = Instant.parse("2025-01-02T03:04:05Z");
    AtomicReference<CdcHealth> health = new AtomicReference<>(
        new CdcHealth(CdcHealth.Status.STARTING, "connecting to \"db\"", since, 0, null, null));
    var counters = new CdcCounters.Snapshot(7, 6, 1, 2, 3);
    try (CdcHealthServer server = new CdcHealthServer(0, health::get, () -> counters)) {
      var starting = get(server);
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body()).contains("\"status\":\"DOWN\"", "\"state\":\"STARTING\"",
          "\"detail\":\"connecting to \\\"db\\\"\"", "\"lastLsn\":null");

      health.set(new CdcHealth(CdcHealth.Status.RUNNING, "streaming", since, 1, since, 42L));
      var running = get(server);
      assertThat(running.statusCode()).isEqualTo(200);
      assertThat(running.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(running.body()).startsWith("{\"status\":\"UP\",\"state\":\"RUNNING\"")
          .contains("\"since\":\"2025-01-02T03:04:05Z\"", "\"restarts\":1", "\"lastLsn\":42",
              "\"counters\":{\"changes\":7,\"published\":6,\"tombstones\":1,\"badChanges\":2,\"ignored\":3}");

      for (CdcHealth.Status down : new CdcHealth.Status[] {CdcHealth.Status.RECONNECTING, CdcHealth.Status.STOPPED}) {
        health.set(new CdcHealth(down, "database away", since, 2, since, 42L));
        var resp = get(server);
        assertThat(resp.statusCode()).isEqualTo(503);
        assertThat(resp.body()).contains("\"status\":\"DOWN\"", "\"state\":\"" + down + "\"", "database away");
      }
    }
  }

  @Test
  void portComesFromTheEnvironmentAndCanBeTurnedOff() {
    assertThat(CdcHealthServer.port(Map.of())).isEqualTo(8055);
    assertThat(CdcHealthServer.port(Map.of("VIGIL_CDC_HEALTH_PORT", "18056"))).isEqualTo(18056);
    assertThat(CdcHealthServer.port(Map.of("VIGIL_CDC_HEALTH_PORT", "0"))).isZero();
    assertThat(CdcHealthServer.port(Map.of("VIGIL_CDC_HEALTH_PORT", "OFF"))).isZero();
    assertThatThrownBy(() -> CdcHealthServer.port(Map.of("VIGIL_CDC_HEALTH_PORT", "x")))
        .hasMessageContaining("VIGIL_CDC_HEALTH_PORT");
  }

  private static HttpResponse<String> get(CdcHealthServer server) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
