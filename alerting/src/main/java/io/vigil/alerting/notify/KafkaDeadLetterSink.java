package io.vigil.alerting.notify;

import io.vigil.alerting.model.Notification;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes undeliverable notifications to {@code vigil.dlq.v1}: key = group key, value = the rendered body. */
public final class KafkaDeadLetterSink implements DeadLetterSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeadLetterSink.class);
  private final Producer<byte[], byte[]> producer;

  public KafkaDeadLetterSink(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  @Override
  public void publish(Notification n, String body, String reason) {
    var record = new ProducerRecord<>(Topic.DLQ.topicName(), n.groupKey().getBytes(StandardCharsets.UTF_8),
        body.getBytes(StandardCharsets.UTF_8));
    DeadLetterHeaders.write(record.headers(), Topic.ALERTS.topicName(), -1, -1L, "alerting.notify." + n.receiver(),
        "NotificationFailed", reason);
    producer.send(record, (md, e) -> {
      if (e != null) {
        LOG.error("could not dead-letter notification for group {} to {}: {}", n.groupKey(), n.receiver(), e.toString());
      }
    });
  }
}
