package io.vigil.queryapi.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  static final Verdict.Thresholds T = new Verdict.Thresholds(0.05, 90, 5);

  @Test
  void healthyWhenEverythingIsWithinLimitsOrUnknown() {
    assertThat(Verdict.of(Map.of("error_rate", 0.0, "cpu_pct_max", 50.0), T).healthy()).isTrue();
    assertThat(Verdict.of(new HashMap<>(), T).healthy()).isTrue();
  }

  @Test
  void eachLimitCrossedIsAReason() {
    Verdict v = Verdict.of(Map.of("error_rate", 0.2, "cpu_pct_max", 95.0, "real_time_factor_min", 3.0), T);
    assertThat(v.healthy()).isFalse();
    assertThat(v.reasons()).hasSize(3);
    assertThat(v.reasons().get(2)).startsWith("real_time_factor_min 3.0 < 5.0");
  }

  @Test
  void prometheusRenderingHasOneGaugePerNumber() {
    String text = PrometheusText.render(Map.of("active_streams", 3L, "name", "x"), true);
    assertThat(text).contains("# TYPE vigil_summary_active_streams gauge\nvigil_summary_active_streams 3.0\n")
        .contains("vigil_summary_healthy 1").doesNotContain("name");
  }
}
