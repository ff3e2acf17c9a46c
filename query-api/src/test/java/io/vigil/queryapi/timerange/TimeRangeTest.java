package io.vigil.queryapi.timerange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.queryapi.problem.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

  @Test
  void relativeAndAbsoluteMeanTheSameInstants() {
    TimeRange rel = TimeRange.parse("-90m", "-30m", Duration.ofHours(1), NOW);
    TimeRange abs = TimeRange.parse("2026-01-10T10:30:00Z", "2026-01-10T11:30:00+00:00", Duration.ofHours(1), NOW);
    assertThat(rel).isEqualTo(abs);
  }

  @Test
  void defaultsToTheLastSpanUntilNow() {
    assertThat(TimeRange.parse(null, null, Duration.ofHours(1), NOW))
        .isEqualTo(new TimeRange(NOW.minusSeconds(3600), NOW));
    assertThat(TimeRange.parse("-7d", "now", Duration.ZERO, NOW).span()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void rejectsGarbageAndInvertedRangesNamingTheParameter() {
    assertThatThrownBy(() -> TimeRange.parse("yesterday", null, Duration.ofHours(1), NOW))
        .isInstanceOf(ApiException.class).extracting("param").isEqualTo("from");
    assertThatThrownBy(() -> TimeRange.parse(null, "-1x", Duration.ofHours(1), NOW))
        .extracting("param").isEqualTo("to");
    assertThatThrownBy(() -> TimeRange.parse("-1h", "-2h", Duration.ofHours(1), NOW))
        .extracting("param").isEqualTo("from");
  }
}
