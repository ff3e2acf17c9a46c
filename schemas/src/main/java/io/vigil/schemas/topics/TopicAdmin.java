package io.vigil.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalogue's topics when missing and verifies the cleanup policy of those that exist. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private final Admin admin;
  private final int partitions;
  private final short replicationFactor;

  public TopicAdmin(Admin admin, int partitions, short replicationFactor) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    this.admin = admin;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  /** What {@link #ensure} found and did. */
  public record Report(List<String> created, List<String> verified, List<String> mismatched) {
    public boolean ok() {
      return mismatched.isEmpty();
    }
  }

  /** Builds the NewTopic for one catalogue entry: cleanup, retention, and compression left to producers. */
  public NewTopic newTopic(Topic topic) {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().policy);
    topic.retention().ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
    return new NewTopic(topic.topicName(), partitions, replicationFactor).configs(configs);
  }

  /** Creates missing topics and checks existing ones; a wrong cleanup policy is reported, never silently changed. */
  public Report ensure(Collection<Topic> topics) throws InterruptedException {
    List<String> created = new ArrayList<>();
    List<String> verified = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.topicName())).map(this::newTopic).toList();
      if (!missing.isEmpty()) {
        var result = admin.createTopics(missing);
        for (NewTopic t : missing) {
          try {
            result.values().get(t.name()).get(30, TimeUnit.SECONDS);
            created.add(t.name());
            LOG.info("created topic {} ({} partitions, {})", t.name(), partitions, t.configs());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
      }
      List<ConfigResource> resources = topics.stream()
          .filter(t -> existing.contains(t.topicName()))
          .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.topicName())).toList();
      if (!resources.isEmpty()) {
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (Topic t : topics) {
          Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.topicName()));
          if (c == null) {
            continue;
          }
          String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
          if (policy.contains(t.cleanup().policy)) {
            verified.add(t.topicName());
          } else {
            mismatched.add(t.topicName() + ": cleanup.policy is " + policy + ", expected " + t.cleanup().policy);
            LOG.warn("topic {} has cleanup.policy={} but the catalogue says {}", t.topicName(), policy, t.cleanup().policy);
          }
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create or verify Vigil topics: " + e.getMessage(), e);
    }
    return new Report(created, verified, mismatched);
  }

  public Report ensureAll() throws InterruptedException {
    return ensure(List.of(Topic.values()));
  }
}
