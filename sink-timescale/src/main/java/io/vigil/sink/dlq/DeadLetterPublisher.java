package io.vigil.sink.dlq;

import io.vigil.schemas.kafka.KafkaClientEnvironment;
import io.vigil.schemas.topics.DeadLetterHeaders;
import io.vigil.schemas.topics.Topic;
import io.vigil.sink.write.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rejected records to vigil.dlq.v1 with the original key and bytes and the standard headers, and waits for the
 * broker's acknowledgement: the batch commits only after its dead letters are safe (at-least-once in the DLQ).
 */
public final class DeadLetterPublisher implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;

  public DeadLetterPublisher(String bootstrap) {
    this.producer = new KafkaProducer<>(producerConfig(bootstrap, KafkaClientEnvironment.fromProcessEnvironment()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The producer's settings, then the {@code VIGIL_KAFKA_CLIENT_*} ones ({@code clientEnv}, e.g. TLS/SASL). */
  static Map<String, Object> producerConfig(String bootstrap, Map<String, String> clientEnv) {
    Map<String, Object> c = new HashMap<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
        ProducerConfig.CLIENT_ID_CONFIG, "vigil-sink-dlq",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    return KafkaClientEnvironment.putAll(c, clientEnv);
  }

  public void publish(List<Rejection> rejected) throws Exception {
    if (rejected.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Rejection r : rejected) {
      var record = new ProducerRecord<>(Topic.DLQ.topicName(), null, r.source().key(), r.source().value());
      DeadLetterHeaders.write(record.headers(), r.source().topic(), r.source().partition(), r.source().offset(),
          r.stage(), r.errorClass(), r.message() == null ? "" : r.message());
      sent.add(producer.send(record));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
