package io.vigil.devstack.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.topics.Topic;
import io.vigil.schemas.topics.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TopicAdminTest {
  @Test
  void createsTheCatalogueThenVerifiesItAndReportsAWrongPolicy() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.startDedicated(); Admin admin = kafka.admin()) {
      // An operator pre-created the lifecycle topic with the wrong cleanup policy.
      admin.createTopics(List.of(new NewTopic(Topic.LIFECYCLE.topicName(), 1, (short) 1)
          .configs(Map.of("cleanup.policy", "delete")))).all().get(30, TimeUnit.SECONDS);

      TopicAdmin.Report first = new TopicAdmin(admin, 3, (short) 1).ensureAll();
      assertThat(first.created()).hasSize(Topic.values().length - 1).doesNotContain(Topic.LIFECYCLE.topicName());
      assertThat(first.ok()).isFalse();
      assertThat(first.mismatched()).singleElement().asString().contains("vigil.lifecycle.v1").contains("compact");

      // The controller has committed the new topics; the broker's metadata can lag it by a moment (an unknown topic).
      var rules = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.describeConfigs(
              List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topic.ALERT_RULES.topicName())))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next(), c -> true);
      assertThat(rules.get("cleanup.policy").value()).isEqualTo("compact");
      var quality = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topic.QUALITY.topicName())))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next();
      assertThat(quality.get("retention.ms").value()).isEqualTo(Long.toString(24 * 3600 * 1000L));
      assertThat(admin.describeTopics(List.of(Topic.QUALITY.topicName())).allTopicNames().get()
          .get(Topic.QUALITY.topicName()).partitions()).hasSize(3);

      TopicAdmin.Report second = new TopicAdmin(admin, 3, (short) 1).ensureAll();
      assertThat(second.created()).isEmpty();
      assertThat(second.verified()).hasSize(Topic.values().length - 1);
    }
  }
}
