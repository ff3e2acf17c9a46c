package io.vigil.streams.topology;

import io.vigil.schemas.avro.MetricSample;
import io.vigil.streams.rules.Observations;
import org.apache.kafka.streams.processor.api.Record;

/** Metrics stage: evaluates rules on named application metrics (buffer depth, synthesis latency, ...). */
final class MetricsProcessor extends EvaluatingProcessor {
  MetricsProcessor(TopologyContext shared) {
    super(shared, ProcessorNames.METRICS_ALERTS_STORE);
  }

  @Override
  public void process(Record<String, Object> record) {
    observe(Observations.metric((MetricSample) record.value()));
  }
}
