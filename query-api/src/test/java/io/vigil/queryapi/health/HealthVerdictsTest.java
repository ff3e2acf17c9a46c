package io.vigil.queryapi.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthVerdictsTest {
  static Map<String, Object> row(String component, String status, Object exit, Object speed, String labels,
      double age) {
    Map<String, Object> r = new HashMap<>();
    r.put("component", component);
    r.put("status", status);
    r.put("exit_code", exit);
    r.put("speed", speed);
    r.put("labels", labels);
    r.put("age_s", age);
    return r;
  }

  @Test
  void instanceVerdicts() {
    assertThat(HealthVerdicts.instance(row("ffmpeg", "exited", 0, null, "{}", 1))).isEqualTo("healthy");
    assertThat(HealthVerdicts.instance(row("ffmpeg", "exited", 1, null, "{}", 1))).isEqualTo("unhealthy");
    assertThat(HealthVerdicts.instance(row("ffmpeg", "running", null, 0.8, "{}", 1))).isEqualTo("degraded");
    assertThat(HealthVerdicts.instance(row("app", "running", null, null, "{\"kind\":\"consumer_heartbeat\"}", 61)))
        .isEqualTo("degraded");
    assertThat(HealthVerdicts.instance(row("app", "running", null, null, "{\"kind\":\"consumer_heartbeat\"}", 59)))
        .isEqualTo("healthy");
  }

  @Test
  void worstWins() {
    assertThat(HealthVerdicts.overall(List.of("healthy", "degraded"))).isEqualTo("degraded");
    assertThat(HealthVerdicts.overall(List.of("degraded", "unhealthy"))).isEqualTo("unhealthy");
    assertThat(HealthVerdicts.overall(List.of())).isEqualTo("healthy");
  }
}
