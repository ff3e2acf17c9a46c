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
    assertThat(Topic.values()).hasSize(10);
  }
}
