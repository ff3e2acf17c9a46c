package io.vigil.streams.validate;

import io.vigil.schemas.topics.DeadLetterHeaders;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage for one input topic: decodes the raw bytes and checks the record; good records go to {@code okChild}
 * as typed values, bad ones to {@code dlqChild} as the original bytes with the standard dead-letter headers.
 * Nothing that is wrong with a record can throw out of here, so a poison record never stops the application.
 */
public final class ValidateProcessor<T extends SpecificRecord> implements Processor<String, byte[], String, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateProcessor.class);

  private final Deserializer<T> deserializer;
  private final BiFunction<T, Long, List<String>> checks;
  private final String okChild;
  private final String dlqChild;
  private final PipelineCounters counters;
  private ProcessorContext<String, Object> context;

  public ValidateProcessor(Deserializer<T> deserializer, BiFunction<T, Long, List<String>> checks, String okChild,
                           String dlqChild, PipelineCounters counters) {
    this.deserializer = deserializer;
    this.checks = checks;
    this.okChild = okChild;
    this.dlqChild = dlqChild;
    this.counters = counters;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("?");
    if (record.value() == null) {
      deadLetter(record, topic, "decode", "NullValue", "record has no value");
      return;
    }
    T value;
    try {
      value = deserializer.deserialize(topic, record.value());
    } catch (RuntimeException e) {
      deadLetter(record, topic, "decode", e.getClass().getName(), String.valueOf(e.getMessage()));
      return;
    }
    List<String> problems;
    try {
      problems = checks.apply(value, context.currentSystemTimeMs());
    } catch (RuntimeException e) {
      problems = List.of("check failed: " + e);
    }
    if (!problems.isEmpty()) {
      deadLetter(record, topic, "validate", "InvalidRecord", String.join("; ", problems));
      return;
    }
    context.forward(new Record<String, Object>(record.key(), value, record.timestamp(), record.headers()), okChild);
  }

  private void deadLetter(Record<String, byte[]> record, String topic, String stage, String errorClass, String message) {
    counters.increment(PipelineCounters.Series.deadLetters(topic, stage));
    RecordMetadata meta = context.recordMetadata().orElse(null);
    var headers = new RecordHeaders(record.headers().toArray());
    DeadLetterHeaders.write(headers, topic, meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(),
        stage, errorClass, message);
    if (LOG.isDebugEnabled()) {
      LOG.debug("dead-lettered record from {} at {}: {}", topic, meta == null ? "?" : meta.offset(), message);
    }
    context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers), dlqChild);
  }
}
