package io.vigil.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
  @Test
  void catalogueMatchesArchitectureSectionTwo() {
    assertThat(Topic.QUALITY.topicName()).isEqualTo("vigil.quality.v1");
    assertThat(Topic.QUALITY.retention()).contains(Duration.ofHours(24));
    assertThat(Topic.LIFECYCLE.cleanup()).isEqualTo(Topic.Cleanup.COMPACT);
    assertThat(Topic.ALERT_RULES.cleanup()).isEqualTo(Topic.Cleanup.COMPACT);
    assertThat(Topic.ALERTS.retention()).contains(Duration.ofDays(30));
    assertThat(Topic.DLQ.valueType()).isEmpty();
    assertThat(Topic.QUALITY_WINDOWS.valueSubject()).isEqualTo("vigil.quality-windows.v1-value");
    assertThat(Topic.byName("vigil.health.v1")).contains(Topic.HEALTH);
    assertThat(Topic.METRIC_WINDOWS.topicName()).isEqualTo("vigil.metric-windows.v1");
    assertThat(Topic.METRIC_WINDOWS.key()).isEqualTo("source");
    assertThat(Topic.METRIC_WINDOWS.cleanup()).isEqualTo(Topic.Cleanup.DELETE);
    assertThat(Topic.METRIC_WINDOWS.retention()).contains(Duration.ofDays(7));
    assertThat(Topic.byName("vigil.metric-windows.v1")).contains(Topic.METRIC_WINDOWS);
    assertThat(Topic.values()).hasSize(11);
  }
}
