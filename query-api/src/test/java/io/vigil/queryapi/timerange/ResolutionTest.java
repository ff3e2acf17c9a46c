package io.vigil.queryapi.timerange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.queryapi.problem.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResolutionTest {
  @Test
  void rangePicksTheTable() {
    assertThat(Resolution.choose(Duration.ofMinutes(15), null).source()).isEqualTo(Resolution.Source.RAW);
    assertThat(Resolution.choose(Duration.ofHours(1), "1m"))
        .isEqualTo(new Resolution(Resolution.Source.WINDOWS_1M, Duration.ofMinutes(1)));
    assertThat(Resolution.choose(Duration.ofDays(7), "1h"))
        .isEqualTo(new Resolution(Resolution.Source.ROLLUP_1H, Duration.ofHours(1)));
  }

  @Test
  void aFineBucketMovesToAFinerTableWhenTheRangeAllows() {
    assertThat(Resolution.choose(Duration.ofHours(3), "10s").source()).isEqualTo(Resolution.Source.RAW);
    assertThat(Resolution.choose(Duration.ofDays(5), "5m").source()).isEqualTo(Resolution.Source.WINDOWS_1M);
  }

  @Test
  void autoBucketGivesAroundAHundredPoints() {
    Resolution r = Resolution.choose(Duration.ofHours(24), null);
    assertThat(Duration.ofHours(24).toSeconds() / r.bucket().toSeconds()).isBetween(24L, 120L);
  }

  @Test
  void impossibleBucketsAre400OnBucket() {
    assertThatThrownBy(() -> Resolution.choose(Duration.ofDays(30), "10s")).isInstanceOf(ApiException.class)
        .extracting("param").isEqualTo("bucket");
    assertThatThrownBy(() -> Resolution.choose(Duration.ofHours(2), "90s")).extracting("param").isEqualTo("bucket");
    assertThatThrownBy(() -> Resolution.choose(Duration.ofHours(2), "0m")).extracting("param").isEqualTo("bucket");
    assertThatThrownBy(() -> Resolution.choose(Duration.ofHours(1), "soon")).extracting("param").isEqualTo("bucket");
  }
}
